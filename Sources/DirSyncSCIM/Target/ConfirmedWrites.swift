import Foundation

/// Counts a chunk's User writes as the application answers them, for progress. The writes
/// run on many tasks; the running total reaches the apply's own task (which alone may
/// report) through a stream that keeps only the newest count.
final class ConfirmedWrites: @unchecked Sendable {
    /// Counts nothing: for a chunk applied without a progress reader.
    static let none = ConfirmedWrites(continuation: nil)

    private let continuation: AsyncStream<Int>.Continuation?
    private let lock = NSLock()
    private var count = 0

    private init(continuation: AsyncStream<Int>.Continuation?) {
        self.continuation = continuation
    }

    /// A counter and the stream of its totals; the stream ends at `finish()`.
    static func make() -> (AsyncStream<Int>, ConfirmedWrites) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        return (stream, ConfirmedWrites(continuation: continuation))
    }

    /// `writes` more User writes were answered (applied or failed).
    func add(_ writes: Int) {
        guard let continuation, writes > 0 else { return }
        let total = lock.withLock {
            count += writes
            return count
        }
        continuation.yield(total)
    }

    func finish() { continuation?.finish() }
}
