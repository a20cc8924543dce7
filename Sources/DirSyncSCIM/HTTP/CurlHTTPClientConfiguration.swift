import DirSyncCore

/// Everything `CurlHTTPClient` needs to reach one SCIM service provider.
///
/// Certificate verification is not a setting: it is always on (peer and host name), because
/// a bearer token travels with every request. `caFile` only chooses which CAs to trust.
///
/// Proxies: with `proxy` nil, libcurl reads `https_proxy`/`HTTPS_PROXY`, `http_proxy`
/// (lower case only: libcurl ignores `HTTP_PROXY`, which a CGI request could set),
/// `all_proxy`/`ALL_PROXY` and `no_proxy`/`NO_PROXY` from the environment at request time,
/// as corporate networks need; a non-nil `proxy` replaces them (`""` means "no proxy,
/// whatever the environment says").
public struct CurlHTTPClientConfiguration: Sendable {
    /// Seconds for the connection to be made, and again for the whole request.
    public var timeoutSeconds: Double
    /// A CA bundle (PEM) to verify the server with instead of the system's CAs.
    public var caFile: String?
    /// Sent as `Authorization: Bearer …`; never written into an error or a log.
    public var token: Secret?
    /// Requests in flight at once: the number of worker threads, each with its own
    /// connection (kept alive between requests when the server allows).
    public var concurrency: Int
    public var retry: RetryPolicy
    public var userAgent: String
    /// An explicit proxy URL (`http://proxy:3128`); nil leaves the environment in charge.
    public var proxy: String?
    /// Allows `http://` to hosts other than loopback (see `PlaintextHTTPRule`).
    public var allowPlaintext: Bool
    /// The run's retry budget, shared by every request of the run (and by every client of
    /// the run, if it makes several).
    public var budget: RetryBudget

    public init(
        timeoutSeconds: Double = 30, caFile: String? = nil, token: Secret? = nil, concurrency: Int = 8,
        retry: RetryPolicy = RetryPolicy(), userAgent: String = "dirsync", proxy: String? = nil,
        allowPlaintext: Bool = false, budget: RetryBudget = RetryBudget()
    ) {
        self.timeoutSeconds = timeoutSeconds
        self.caFile = caFile
        self.token = token
        self.concurrency = concurrency
        self.retry = retry
        self.userAgent = userAgent
        self.proxy = proxy
        self.allowPlaintext = allowPlaintext
        self.budget = budget
    }

    /// The connection settings of a `type: scim` target or source, as configured.
    public init(
        connection: SCIMConnectionSettings, concurrency: Int = 8, retry: RetryPolicy = RetryPolicy(),
        budget: RetryBudget = RetryBudget()
    ) {
        self.init(
            timeoutSeconds: connection.timeoutSeconds, caFile: connection.caFile, token: connection.token,
            concurrency: concurrency, retry: retry, allowPlaintext: connection.allowPlaintext, budget: budget)
    }
}

/// How often and how patiently a request is tried again after a 429, a 5xx that says
/// "later" (500, 502, 503, 504) or a failed connection.
///
/// Waits are exponential with full jitter (uniform between 0 and
/// `min(maxBackoffSeconds, baseBackoffSeconds × 2^(retry−1))`), so that many clients that
/// failed together do not come back together. A `Retry-After` on a 429 or 503 replaces the
/// backoff, capped at `maxRetryAfterSeconds` (300 s by default) so that a server cannot park
/// a run for hours.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (at least 1).
    public var attempts: Int
    public var baseBackoffSeconds: Double
    public var maxBackoffSeconds: Double
    public var maxRetryAfterSeconds: Double

    public init(attempts: Int = 5, baseBackoffSeconds: Double = 0.5, maxBackoffSeconds: Double = 30, maxRetryAfterSeconds: Double = 300) {
        self.attempts = max(1, attempts)
        self.baseBackoffSeconds = max(0, baseBackoffSeconds)
        self.maxBackoffSeconds = max(0, maxBackoffSeconds)
        self.maxRetryAfterSeconds = max(0, maxRetryAfterSeconds)
    }
}
