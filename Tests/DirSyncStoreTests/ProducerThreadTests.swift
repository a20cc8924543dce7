import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

/// The two-stage pipeline of `BulkCreate`: values in order, the producer never more than
/// `ahead` values in front, and a consumer that stops early stops the producer.
@Suite struct ProducerThreadTests {
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
        let producer = ProducerThread(count: 50) { $0 * $0 }
        defer { producer.cancel() }
        #expect((0..<50).map { _ in producer.next() } == (0..<50).map { $0 * $0 })
    }

    @Test func aConsumerThatStopsEarlyStopsTheProducer() {
        let made = Counter()
        let producer = ProducerThread(count: 1000, ahead: 2) { i in
            made.increment()
            return i
        }
        #expect(producer.next() == 0)
        #expect(producer.next() == 1)
        producer.cancel()  // returns once the producer has stopped
        let afterCancel = made.count
        #expect(afterCancel <= 2 + 2 + 1)  // taken, ahead, and at most the one being made
        #expect(made.count == afterCancel)
    }
}
