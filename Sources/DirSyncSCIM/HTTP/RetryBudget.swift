import Foundation

/// The retries one run may still make, shared by all of its requests: a server in trouble
/// gets a bounded number of extra requests per run, not `attempts` times every request.
///
/// It starts at `base` and grows by one with every request made, so a run may always retry
/// at least as often as it makes requests; once spent, requests get no more retries and the
/// last response (or error) stands. `requests` and `retries` are what a report shows.
public final class RetryBudget: Sendable {
    private let state: Mutex
    public let base: Int

    public init(base: Int = 50) {
        self.base = max(0, base)
        state = Mutex()
    }

    /// Requests made (each counted once, however many attempts it took).
    public var requests: Int { state.read { $0.requests } }
    /// Attempts beyond the first, over all requests.
    public var retries: Int { state.read { $0.retries } }
    /// Retries still allowed now.
    public var remaining: Int { state.read { base + $0.requests - $0.retries } }

    /// Counts a request (and so grows the budget by one).
    func recordRequest() { state.update { $0.requests += 1 } }

    /// Takes one retry from the budget; false when it is spent.
    func takeRetry() -> Bool {
        state.update { counts in
            guard counts.retries < base + counts.requests else { return false }
            counts.retries += 1
            return true
        }
    }

    private final class Mutex: @unchecked Sendable {
        struct Counts { var requests = 0; var retries = 0 }
        private let lock = NSLock()
        private var counts = Counts()

        func read<T>(_ body: (Counts) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(counts)
        }

        @discardableResult
        func update<T>(_ body: (inout Counts) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&counts)
        }
    }
}
