import Foundation

/// SCIM 2.0 requests (RFC 7644) over an `HTTPTransport`: resource paths, JSON bodies, error
/// documents and paged listing, so that target and source speak in resources, not bytes.
public struct SCIMClient: Sendable {
    /// The service provider's base URL, without a trailing slash.
    public let baseURL: String
    let transport: any HTTPTransport

    public static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
    public static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// A PATCH request (RFC 7644 §3.5.2) carrying `operations`.
    public static func patchRequest(_ operations: [JSONValue]) -> JSONValue {
        ["schemas": [.string(patchSchema)], "Operations": .array(operations)]
    }

    public init(baseURL: String, transport: any HTTPTransport) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.transport = transport
    }

    /// An answer: the HTTP status and the parsed body (`.null` when there is none).
    public struct Reply: Sendable {
        public var status: Int
        public var body: JSONValue
    }

    /// Sends one request; answers any status (callers decide what a 404 or 409 means) and
    /// throws only when no answer came (`HTTPTransportError`) or a 2xx body is not JSON.
    public func send(_ method: String, _ path: String, body: JSONValue? = nil, mayRepeat: Bool = true) async throws -> Reply {
        let response = try await transport.send(request(method, path, body: body, mayRepeat: mayRepeat))
        return try reply(to: "\(method) \(path)", response, strictJSON: (200..<300).contains(response.status))
    }

    /// Like `send`, but any status outside `expected` is thrown as a `SCIMError`.
    public func expect(
        _ expected: Set<Int>, _ method: String, _ path: String, body: JSONValue? = nil, mayRepeat: Bool = true
    ) async throws -> Reply {
        let response = try await transport.send(request(method, path, body: body, mayRepeat: mayRepeat))
        guard expected.contains(response.status) else {
            throw SCIMError(request: "\(method) \(path)", response: response)
        }
        return try reply(to: "\(method) \(path)", response, strictJSON: true)
    }

    /// The transport adds Accept, Authorization and, with a body, Content-Type.
    private func request(_ method: String, _ path: String, body: JSONValue?, mayRepeat: Bool) -> HTTPRequest {
        HTTPRequest(method: method, url: baseURL + path, body: body?.encoded(), mayRepeat: mayRepeat)
    }

    /// The parsed answer; a body that is not JSON is an error when `strictJSON`, else `.null`.
    private func reply(to request: String, _ response: HTTPResponse, strictJSON: Bool) throws -> Reply {
        if response.body.isEmpty { return Reply(status: response.status, body: .null) }
        guard let parsed = try? JSONValue.parse(response.body) else {
            if strictJSON { throw SCIMError(request: request, status: response.status, detail: "the answer is not JSON") }
            return Reply(status: response.status, body: .null)
        }
        return Reply(status: response.status, body: parsed)
    }

    /// What the provider supports; a provider without the endpoint is taken to offer PATCH
    /// and no Bulk.
    public func features() async throws -> ServiceProviderFeatures {
        let reply = try await send("GET", "/ServiceProviderConfig")
        guard reply.status == 200 else {
            if reply.status == 404 { return ServiceProviderFeatures() }
            throw SCIMError(request: "GET /ServiceProviderConfig", reply: reply)
        }
        return ServiceProviderFeatures(reply.body)
    }

    /// Every resource of `resource` (`Users`, `Groups`), paged by `startIndex`/`count`
    /// (RFC 7644 §3.4.2.4). Follows a provider that caps `count` below what was asked,
    /// and throws unless it ends with as many distinct resources as `totalResults` said:
    /// a short read must never look like people who left.
    public func listAll(_ resource: String, pageSize: Int) async throws -> [JSONValue] {
        var resources: [JSONValue] = []
        var seen = Set<String>()
        var startIndex = 1
        var total: Int?
        while true {
            let path = "/\(resource)?startIndex=\(startIndex)&count=\(pageSize)"
            let page = try await expect([200], "GET", path).body
            guard let reported = page["totalResults"]?.int else {
                throw SCIMError(request: "GET \(path)", status: 200, detail: "the list answer has no totalResults")
            }
            if let total, total != reported {
                throw SCIMError(
                    request: "GET \(path)", status: 200,
                    detail: "totalResults changed from \(total) to \(reported) while paging (\(resource) changed during the read); run again")
            }
            total = reported
            let items = page["Resources"]?.array ?? []
            for item in items {
                guard let id = item["id"]?.string else {
                    throw SCIMError(request: "GET \(path)", status: 200, detail: "a resource without an id")
                }
                if seen.insert(id).inserted { resources.append(item) }
            }
            if resources.count >= reported { return resources }
            guard !items.isEmpty else {
                throw SCIMError(
                    request: "GET \(path)", status: 200,
                    detail: "the provider stopped answering at \(resources.count) of \(reported) \(resource); nothing was changed")
            }
            startIndex += items.count
        }
    }

    /// The resources `filter` selects (one page is enough for the lookups dirsync makes).
    public func search(_ resource: String, filter: String) async throws -> [JSONValue] {
        let path = "/\(resource)?filter=" + SCIMClient.queryEscape(filter)
        return try await expect([200], "GET", path).body["Resources"]?.array ?? []
    }

    /// Percent-encodes a query value: everything but unreserved characters (RFC 3986).
    static func queryEscape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// ASCII only: `CharacterSet.alphanumerics` would let non-ASCII letters through raw.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
