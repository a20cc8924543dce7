import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

/// The two-stage pipeline of `BulkCreate`: values in order, the producer never more than
/// `ahead` values in front, and a consumer that stops early stops the producer.
@Suite struct PreparedTests {
    /// Counts calls of `make` across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() {
            lock.lock()
            value += 1
            lock.unlock()
        }
        var count: Int {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
    }

    @Test func valuesComeInOrder() {
        let prepared = Prepared(count: 50) { $0 * $0 }
        defer { prepared.cancel() }
        #expect((0..<50).map { _ in prepared.next() } == (0..<50).map { $0 * $0 })
    }

    @Test func aConsumerThatStopsEarlyStopsTheProducer() {
        let made = Counter()
        let prepared = Prepared(count: 1000, ahead: 2) { i in
            made.increment()
            return i
        }
        #expect(prepared.next() == 0)
        #expect(prepared.next() == 1)
        prepared.cancel()  // returns once the producer has stopped
        let afterCancel = made.count
        #expect(afterCancel <= 2 + 2 + 1)  // taken, ahead, and at most the one being made
        #expect(made.count == afterCancel)
    }
}
