import DirSyncSCIM
import Foundation
import Testing

/// The waits between attempts and the run's retry budget, as plain values.
@Suite struct HTTPRetryPolicyTests {
    let policy = RetryPolicy(attempts: 5, baseBackoffSeconds: 0.5, maxBackoffSeconds: 8, maxRetryAfterSeconds: 300)
    let now = Date(timeIntervalSince1970: 1_445_412_000)  // Wed, 21 Oct 2015 07:20:00 GMT

    @Test func backoffIsExponentialWithFullJitterAndCapped() {
        func wait(_ attempt: Int, _ random: Double) -> Double {
            RetryDelay.seconds(afterAttempt: attempt, policy: policy, retryAfter: nil, now: now, random: random)
        }
        #expect(wait(1, 1) == 0.5)
        #expect(wait(2, 1) == 1)
        #expect(wait(3, 1) == 2)
        #expect(wait(3, 0.5) == 1)
        #expect(wait(3, 0) == 0)
        #expect(wait(10, 1) == 8)
        #expect(wait(1000, 1) == 8)
    }

    @Test func retryAfterSecondsReplacesTheBackoff() {
        #expect(RetryDelay.seconds(afterAttempt: 1, policy: policy, retryAfter: "7", now: now, random: 0) == 7)
        #expect(RetryDelay.seconds(afterAttempt: 4, policy: policy, retryAfter: "0", now: now, random: 1) == 0)
    }

    @Test func retryAfterIsCapped() {
        #expect(RetryDelay.seconds(afterAttempt: 1, policy: policy, retryAfter: "86400", now: now, random: 0) == 300)
    }

    @Test func retryAfterAsHTTPDate() {
        #expect(RetryDelay.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == 480)
        #expect(RetryDelay.retryAfterSeconds("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == 0)
        #expect(RetryDelay.retryAfterSeconds("Wednesday, 21-Oct-15 07:21:00 GMT", now: now) == 60)
    }

    @Test func unreadableRetryAfterFallsBackToBackoff() {
        #expect(RetryDelay.retryAfterSeconds("soon", now: now) == nil)
        #expect(RetryDelay.retryAfterSeconds("-5", now: now) == nil)
        #expect(RetryDelay.seconds(afterAttempt: 2, policy: policy, retryAfter: "soon", now: now, random: 1) == 1)
    }

    @Test func onlyRateLimitsAndTransientServerErrorsAreRetried() {
        #expect(RetryDelay.retryableStatuses == [429, 500, 502, 503, 504])
    }

    @Test func defaultsAllowFiveAttempts() {
        #expect(RetryPolicy().attempts == 5)
        #expect(RetryPolicy(attempts: 0).attempts == 1)
        #expect(RetryPolicy().maxRetryAfterSeconds == 300)
    }

    @Test func budgetGrowsWithRequestsAndIsNeverSmallerThanThem() async {
        let budget = RetryBudget(base: 2)
        #expect(budget.remaining == 2)
        // Through a client, so that only the public API is used: requests refused before
        // sending are not counted, so count them by sending to a closed port.
        let client = HTTPFixture.client(token: nil, attempts: 1, budget: budget)
        for _ in 0..<3 { _ = try? await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/")) }
        #expect(budget.requests == 3)
        #expect(budget.retries == 0)
        #expect(budget.remaining == 5)
    }
}
