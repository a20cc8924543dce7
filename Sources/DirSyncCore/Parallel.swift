import Dispatch
import Foundation

/// Splits pure work over the machine's cores, keeping the input's order.
///
/// The core does no I/O, but at 100k people some of its steps (resolving half a million
/// member values, deciding everyone) are worth spreading over the cores: the read before
/// them keeps one core busy on the server's side, and after it both cores are idle.
public enum Parallel {
    /// `body` applied to consecutive ranges covering `0..<count`, results in range order.
    /// Runs inline below `minimum` elements or on one core.
    public static func chunks<T: Sendable>(
        _ count: Int, minimum: Int = 10_000, _ body: @Sendable (Range<Int>) -> T
    ) -> [T] {
        guard let (workers, size) = split(count, minimum: minimum) else { return [body(0..<count)] }
        var parts = [T?](repeating: nil, count: workers)
        parts.withUnsafeMutableBufferPointer { buffer in
            let out = DisjointSlots(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let range = min(w * size, count)..<min((w + 1) * size, count)
                out.base[w] = body(range)
            }
        }
        return parts.map { $0! }
    }
}

extension Parallel {
    /// `elements` transformed in order, on every core. Each worker calls `makeWorker` once
    /// and transforms its share with the function it returns, so a worker can keep caches
    /// that need no locking. Results are written straight into the output array: no
    /// per-worker arrays to join and copy.
    public static func map<E: Sendable, T>(
        _ elements: [E], minimum: Int = 10_000, _ makeWorker: @Sendable () -> (E) -> T
    ) -> [T] {
        let count = elements.count
        guard let (workers, size) = split(count, minimum: minimum) else { return elements.map(makeWorker()) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = DisjointSlots(buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let transform = makeWorker()
                for i in min(w * size, count)..<min((w + 1) * size, count) {
                    (out.base.baseAddress! + i).initialize(to: transform(elements[i]))
                }
            }
            initialized = count
        }
    }
}

extension Parallel {
    /// How many workers (at most 8, one per core) and how many elements each; nil when the
    /// work is too small or there is one core, so it runs inline.
    private static func split(_ count: Int, minimum: Int) -> (workers: Int, size: Int)? {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard count >= minimum, workers > 1 else { return nil }
        return (workers, (count + workers - 1) / workers)
    }
}

/// Worker `w` writes slot `w` only, so sharing the buffer across workers is race-free.
private struct DisjointSlots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}
