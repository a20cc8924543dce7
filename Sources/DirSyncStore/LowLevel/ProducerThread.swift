import Foundation

/// A producer thread: values made one after the other on a thread of its own, at most
/// `ahead` of the thread that takes them, in order. `BulkCreate` uses it as a two-stage
/// pipeline (the next rows are prepared while SQLite writes the previous ones).
///
/// Why a raw thread and semaphores rather than a task: the consumer is SQLite's writer,
/// inside GRDB's synchronous transaction, and must block there until the next value is
/// ready; blocking waits must not sit on Swift's cooperative pool (one thread per core),
/// where they could starve the producer they wait for.
///
/// A consumer that stops early (a failed write) must call `cancel()`, which lets the
/// producer finish the value it is making and stop; calling it after the last value is
/// harmless.
final class ProducerThread<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()
    private let ready: [DispatchSemaphore]
    private let room: DispatchSemaphore
    private var cancelled = false
    private var taken = 0
    /// Signalled when the producer has returned.
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts making `make(0)`, `make(1)`, … `make(count - 1)` on a thread of its own.
    init(count: Int, ahead: Int = 2, _ make: @escaping @Sendable (Int) -> Value) {
        values = Array(repeating: nil, count: count)
        ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        // Created at 0 and raised by hand: libdispatch traps when a semaphore is freed
        // below the value it was created with, which a consumer that stops early leaves.
        room = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, ahead) { room.signal() }
        Thread.detachNewThread { [self] in
            defer { stopped.signal() }
            for i in 0..<count {
                room.wait()
                if isCancelled { return }
                let value = make(i)
                lock.lock()
                values[i] = value
                lock.unlock()
                ready[i].signal()
            }
        }
    }

    /// The next value, waiting for it if need be. Call at most `count` times.
    func next() -> Value {
        let i = taken
        taken += 1
        ready[i].wait()
        lock.lock()
        let value = values[i].take()!
        lock.unlock()
        room.signal()
        return value
    }

    /// Stops the producer after the value it is making, and waits until it has: whatever
    /// `make` uses is then free for the next `ProducerThread`.
    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        room.signal()
        stopped.wait()
        stopped.signal()  // a second call returns at once
    }

    private var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
