import Dispatch
import Foundation

/// Splits pure work over the machine's cores, keeping the input's order: dirsync's one
/// helper for CPU-parallel loops.
///
/// The concurrency story: Swift concurrency (async/await, tasks) for I/O and orchestration;
/// `Parallel` for CPU-bound loops, which the caller waits for synchronously; raw threads
/// only where work blocks and must stay off Swift's cooperative pool (one thread per core,
/// shared by every task): `Parallel.stream` below, the LDAP source's `LDAPThreads`, the
/// store's `ProducerThread` and `BackgroundCheckpoint`. Each says why in its doc.
///
/// Why parallel at all: the core does no I/O, but at 100k people some of its steps
/// (resolving half a million member values, deciding everyone) are worth spreading over
/// the cores: the read before them keeps one core busy on the server's side, and after it
/// both cores are idle.
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

extension Parallel {
    /// `body` applied to consecutive ranges of `0..<count` (`pieceSize` elements each) on
    /// every core, each result handed to `consume` on the calling thread in range order as
    /// soon as it and every one before it are made. The caller can write one part while
    /// the next ones are made, and drop it after, instead of rendering a large plan whole
    /// and only then writing it.
    /// Runs inline, as one range, below `minimum` elements or on one core.
    public static func stream<T: Sendable>(
        _ count: Int, minimum: Int = 10_000, pieceSize: Int, _ body: @escaping @Sendable (Range<Int>) -> T,
        consume: (T) -> Void
    ) {
        guard let (workers, _) = split(count, minimum: minimum) else { return consume(body(0..<count)) }
        let size = max(1, pieceSize)
        let pieces = (count + size - 1) / size
        let made = MadePieces<T>(pieces)
        // Raw threads of their own, not `concurrentPerform`: the consumer blocks waiting for
        // each piece, and dispatch gave a caller on one of its own threads a single worker
        // on two cores. Each takes the lowest piece not yet taken, so pieces are made in
        // the order they are consumed.
        for _ in 0..<min(workers, pieces) {
            Thread.detachNewThread {
                while let i = made.claim() { made.put(i, body(i * size..<min((i + 1) * size, count))) }
            }
        }
        for i in 0..<pieces { consume(made.take(i)) }
    }
}

/// Results of `Parallel.stream`, each put once by a worker and taken once, in order, by
/// the consumer.
private final class MadePieces<T: Sendable>: @unchecked Sendable {
    private var values: [T?]
    private let done: [DispatchSemaphore]
    private let lock = NSLock()
    private var claimed = 0

    init(_ count: Int) {
        values = Array(repeating: nil, count: count)
        done = (0..<count).map { _ in DispatchSemaphore(value: 0) }
    }

    /// The next piece to make, or nil when all are taken.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard claimed < values.count else { return nil }
        claimed += 1
        return claimed - 1
    }

    func put(_ i: Int, _ value: T) {
        lock.lock()
        values[i] = value
        lock.unlock()
        done[i].signal()
    }

    func take(_ i: Int) -> T {
        done[i].wait()
        lock.lock()
        defer { lock.unlock() }
        return values[i].take()!
    }
}
