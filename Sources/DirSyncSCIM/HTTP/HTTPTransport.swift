/// One HTTP request, complete: a retry sends exactly these bytes again.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    /// Absolute URL.
    public var url: String
    /// Extra headers (the client adds Authorization, Accept and Content-Type itself).
    public var headers: [String: String]
    public var body: [UInt8]?
    /// Whether the transport may send the request again after it may have reached the
    /// server (the response was lost: timeout or dropped connection after sending). False
    /// for a create, whose repeat could make a second resource: the caller looks the
    /// resource up instead. Retries after a 429 or 503 answer, or a refused connection,
    /// happen either way: the server did not act on those.
    public var mayRepeat: Bool

    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8]? = nil, mayRepeat: Bool = true) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.mayRepeat = mayRepeat
    }
}

/// What the server answered.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Header names lower-cased; the last value wins.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends requests, retrying what may be retried; the seam the SCIM code is written against
/// so that its logic reads without libcurl in view.
///
/// A transport answers with the server's final response, whatever its status, once retries
/// are done (the last 429 or 503 when every attempt got one); it throws only when no
/// response came back at all.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// No response came back: the connection failed, dropped or timed out on every attempt.
public struct HTTPTransportError: Error, Sendable, CustomStringConvertible {
    /// Method and URL, never headers (the bearer token travels in one).
    public var request: String
    public var message: String
    /// True when a request may have reached the server (it was sent, then the response was
    /// lost): a create must then be looked up, never sent again blindly.
    public var mayHaveReachedServer: Bool

    public init(request: String, message: String, mayHaveReachedServer: Bool) {
        self.request = request
        self.message = message
        self.mayHaveReachedServer = mayHaveReachedServer
    }

    public var description: String { "\(request): \(message)" }
}
