import Foundation

/// How long to wait before the next attempt: pure, so that the policy is tested without
/// waiting.
public enum RetryDelay {
    /// Statuses that mean "try again later": rate limited, or a server or gateway failing
    /// for now. Other statuses are answers and are returned at once.
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// Statuses that say the server did not act on the request (RFC 6585 §4, RFC 9110
    /// §15.6.4): the only ones a non-repeatable request (a create) is sent again after.
    public static let notActedOnStatuses: Set<Int> = [429, 503]

    /// The wait after attempt `attempt` (1 = the first) failed. `retryAfter` is the header
    /// of a 429 or 503; when it parses it wins (capped), else full-jitter backoff with
    /// `random` in [0, 1).
    public static func seconds(afterAttempt attempt: Int, policy: RetryPolicy, retryAfter: String?, now: Date, random: Double) -> Double {
        if let retryAfter, let wait = retryAfterSeconds(retryAfter, now: now) {
            return min(wait, policy.maxRetryAfterSeconds)
        }
        let exponent = Double(min(max(attempt - 1, 0), 62))
        let ceiling = min(policy.maxBackoffSeconds, policy.baseBackoffSeconds * pow(2, exponent))
        return ceiling * min(max(random, 0), 1)
    }

    /// `Retry-After` as seconds from `now`: delta-seconds (`120`) or an HTTP-date
    /// (`Wed, 21 Oct 2015 07:28:00 GMT`; a date in the past means 0). Nil when unreadable.
    public static func retryAfterSeconds(_ value: String, now: Date) -> Double? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return Double(text)
        }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                return max(0, date.timeIntervalSince(now))
            }
        }
        return nil
    }
}
