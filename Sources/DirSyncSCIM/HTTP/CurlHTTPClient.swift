import DirSyncCore
import Foundation

/// The HTTP transport over libcurl: verified TLS, bearer token, bounded concurrency,
/// connection reuse, and retries with backoff under a per-run budget.
///
/// `send` answers with the final response whatever its status: a 409 or 404 is an answer
/// for the SCIM code to read, and after the last attempt a 429/5xx is returned as the
/// server gave it. It throws `HTTPTransportError` only when no response came at all (then
/// `mayHaveReachedServer` says whether any attempt may have been applied), or when the
/// request is refused before sending (plaintext to a remote host, TLS failure).
///
/// Retried: 429, 500, 502, 503, 504, and connections that failed, dropped or timed out,
/// each retry sending exactly the same request. A request with `mayRepeat == false` (a
/// create) is retried only where the server did not act: after a 429 or 503 answer, or a
/// connection that never reached it; after a lost response or a 500/502/504 it is answered
/// (or thrown) at once so the SCIM code can look the resource up. Not retried: TLS failures
/// and malformed URLs, which would fail the same way again.
///
/// libcurl's calls block, so `concurrency` worker threads make them; `send` suspends
/// meanwhile. `shutdown()` (or the last reference going away) stops the workers once
/// their queued requests are done. A request in flight is not cut short by task
/// cancellation; the wait between retries is.
public final class CurlHTTPClient: HTTPTransport {
    public let configuration: CurlHTTPClientConfiguration
    private let pool: CurlWorkerPool

    public init(configuration: CurlHTTPClientConfiguration) {
        self.configuration = configuration
        pool = CurlWorkerPool(configuration: configuration)
    }

    deinit { pool.shutdown() }

    /// The run's request and retry counts.
    public var budget: RetryBudget { configuration.budget }

    /// Refuses further requests; the worker threads exit once their queued work is done.
    public func shutdown() { pool.shutdown() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let name = "\(request.method.uppercased()) \(request.url)"
        guard PlaintextHTTPRule.allows(url: request.url, allowPlaintext: configuration.allowPlaintext) else {
            throw HTTPTransportError(
                request: name,
                message: request.url.lowercased().hasPrefix("http://")
                    ? "refusing plain http:// to a host other than this machine: the bearer token would cross the network unencrypted; use https://, or set allow_plaintext: true"
                    : "only http:// and https:// URLs are supported",
                mayHaveReachedServer: false)
        }
        let policy = configuration.retry
        let budget = configuration.budget
        budget.recordRequest()
        var attempt = 1
        var anyMayHaveReachedServer = false
        while true {
            let wait: Double
            switch await pool.perform(request) {
            case .response(let response):
                // A 500, 502 or 504 may come after the server acted (a gateway timing out on
                // a slow create): only a repeatable request is sent again after one.
                let retryable = request.mayRepeat ? RetryDelay.retryableStatuses : RetryDelay.notActedOnStatuses
                guard retryable.contains(response.status), attempt < policy.attempts, budget.takeRetry() else {
                    return response
                }
                let retryAfter = response.status == 429 || response.status == 503 ? response.headers["retry-after"] : nil
                wait = RetryDelay.seconds(
                    afterAttempt: attempt, policy: policy, retryAfter: retryAfter, now: Date(), random: Double.random(in: 0..<1))
            case .failure(let failure):
                anyMayHaveReachedServer = anyMayHaveReachedServer || failure.mayHaveReachedServer
                // A create that may have reached the server is not repeated: its caller looks it up.
                guard failure.retryable, request.mayRepeat || !failure.mayHaveReachedServer, attempt < policy.attempts,
                    budget.takeRetry()
                else {
                    let attempts = attempt == 1 ? "" : " (attempt \(attempt); earlier attempts failed too)"
                    throw HTTPTransportError(request: name, message: failure.message + attempts, mayHaveReachedServer: anyMayHaveReachedServer)
                }
                wait = RetryDelay.seconds(afterAttempt: attempt, policy: policy, retryAfter: nil, now: Date(), random: Double.random(in: 0..<1))
            }
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
            attempt += 1
        }
    }
}
