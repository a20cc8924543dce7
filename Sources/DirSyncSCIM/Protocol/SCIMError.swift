/// A SCIM request the service provider answered with an error, or whose answer made no sense.
///
/// Carries what an operator needs to act: the request (method and path, never headers),
/// the HTTP status, and the provider's `scimType` and `detail` (RFC 7644 §3.12).
public struct SCIMError: Error, Sendable, CustomStringConvertible {
    public var request: String
    public var status: Int?
    public var scimType: String?
    public var detail: String

    public init(request: String, status: Int? = nil, scimType: String? = nil, detail: String) {
        self.request = request
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    /// Reads the SCIM error body of `response` (which may be empty or not JSON).
    init(request: String, response: HTTPResponse) {
        let body = try? JSONValue.parse(response.body)
        let detail = body?["detail"]?.string
        let fallback = String(decoding: response.body.prefix(200), as: UTF8.self)
        self.init(
            request: request, status: response.status, scimType: body?["scimType"]?.string,
            detail: detail ?? (fallback.isEmpty ? "no detail" : fallback))
    }

    public var description: String {
        var text = request
        if let status { text += " answered \(status)" }
        if let scimType { text += " (\(scimType))" }
        text += ": \(detail)"
        switch status {
        case 401: text += "; check the bearer token (token_file / token_env)"
        case 403: text += "; the token lacks permission for this request"
        default: break
        }
        return text
    }
}

extension SCIMError {
    /// From a parsed answer of `SCIMClient.send`.
    init(request: String, reply: SCIMClient.Reply) {
        self.init(
            request: request, status: reply.status, scimType: reply.body["scimType"]?.string,
            detail: reply.body["detail"]?.string ?? "no detail")
    }
}
