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
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard count >= minimum, workers > 1 else { return [body(0..<count)] }
        let size = (count + workers - 1) / workers
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
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard count >= minimum, workers > 1 else { return elements.map(makeWorker()) }
        let size = (count + workers - 1) / workers
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

/// Worker `w` writes slot `w` only, so sharing the buffer across workers is race-free.
private struct DisjointSlots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}
