import CCurl
import DirSyncCore
import Foundation

/// What one attempt came to: a response (any status), or no response at all.
enum AttemptOutcome: Sendable {
    case response(HTTPResponse)
    case failure(AttemptFailure)
}

/// An attempt that got no response.
struct AttemptFailure: Sendable {
    var message: String
    /// A connection that failed, dropped or timed out: worth another attempt. TLS and
    /// configuration errors are not (they would fail the same way again).
    var retryable: Bool
    var mayHaveReachedServer: Bool
}

/// One attempt of one request on one easy handle: sets every option afresh (the handle
/// keeps its connections between requests), performs, and reads the response.
enum CurlAttempt {
    static func perform(_ request: HTTPRequest, on handle: UnsafeMutableRawPointer, errorBuffer: UnsafeMutablePointer<CChar>,
                        configuration: CurlHTTPClientConfiguration) -> AttemptOutcome {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        for line in headerLines(for: request, token: configuration.token) {
            headers = curl_slist_append(headers, line)
        }

        var setupFailure: CURLcode = CURLE_OK
        func set(_ code: CURLcode) { if setupFailure == CURLE_OK { setupFailure = code } }
        set(ccurl_setopt_string(handle, CURLOPT_URL, request.url))
        set(ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Worker threads: no signals for DNS timeouts.
        set(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        let timeoutMS = max(1, Int(configuration.timeoutSeconds * 1000))
        set(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, timeoutMS))
        set(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMS))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        set(ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = configuration.caFile { set(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile)) }
        if let proxy = configuration.proxy { set(ccurl_setopt_string(handle, CURLOPT_PROXY, proxy)) }
        set(ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        set(ccurl_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        set(ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
        set(ccurl_setopt_write_callback(handle, collectBody))
        set(ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer.toOpaque()))
        set(ccurl_setopt_header_callback(handle, collectHeader))
        set(ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer.toOpaque()))
        let method = request.method.uppercased()
        if let body = request.body {
            set(ccurl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // Copied by libcurl, so the bytes need not outlive this call.
            // (An empty body still needs a valid pointer; the size says 0 bytes.)
            (body.isEmpty ? [0] : body).withUnsafeBufferPointer { bytes in
                set(ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!)))
            }
            if method != "POST" { set(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
        } else if method == "HEAD" {
            set(ccurl_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if method != "GET" {
            set(ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
        guard setupFailure == CURLE_OK else {
            return .failure(AttemptFailure(
                message: "libcurl refused an option (\(String(cString: curl_easy_strerror(setupFailure)))); is libcurl 7.85 or later installed?",
                retryable: false, mayHaveReachedServer: false))
        }

        let code = curl_easy_perform(handle)
        if code == CURLE_OK {
            var status = 0
            _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .response(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
        }
        var requestBytes = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestBytes)
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        return .failure(failure(code: code, detail: detail, requestBytesSent: requestBytes, configuration: configuration))
    }

    static func headerLines(for request: HTTPRequest, token: Secret?) -> [String] {
        var fields: [(String, String)] = [("Accept", "application/scim+json, application/json")]
        if request.body != nil { fields.append(("Content-Type", "application/scim+json")) }
        // No `Expect: 100-continue` pause before larger bodies.
        fields.append(("Expect", ""))
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            fields.removeAll { $0.0.lowercased() == name.lowercased() }
            fields.append((name, value))
        }
        if let token {
            fields.removeAll { $0.0.lowercased() == "authorization" }
            fields.append(("Authorization", "Bearer \(token.value)"))
        }
        // libcurl reads "Name:" (no value) as "do not send this header".
        return fields.map { $0.1.isEmpty ? "\($0.0):" : "\($0.0): \($0.1)" }
    }

    /// Classifies a libcurl error: which are worth retrying, which may have reached the
    /// server, and what the operator should do.
    static func failure(code: CURLcode, detail: String, requestBytesSent: Int, configuration: CurlHTTPClientConfiguration) -> AttemptFailure {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return AttemptFailure(message: "cannot resolve the host name (\(detail)); check the url and DNS", retryable: true, mayHaveReachedServer: false)
        case CURLE_COULDNT_CONNECT:
            return AttemptFailure(message: "cannot connect (\(detail)); is the server up and the url right?", retryable: true, mayHaveReachedServer: false)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED:
            let trust = configuration.caFile.map { "the CA in ca_file \($0)" } ?? "the system's CAs (no ca_file set)"
            return AttemptFailure(
                message: "TLS failed (\(detail)); the server's certificate was checked against \(trust): set ca_file to the CA that signed the server's certificate",
                retryable: false, mayHaveReachedServer: false)
        case CURLE_OPERATION_TIMEDOUT:
            return AttemptFailure(message: "timed out after \(configuration.timeoutSeconds) s (\(detail))", retryable: true, mayHaveReachedServer: requestBytesSent > 0)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return AttemptFailure(message: "the connection dropped (\(detail))", retryable: true, mayHaveReachedServer: true)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return AttemptFailure(message: "\(detail); the url must be http:// or https://", retryable: false, mayHaveReachedServer: false)
        default:
            return AttemptFailure(message: detail, retryable: false, mayHaveReachedServer: requestBytesSent > 0)
        }
    }
}

/// Collects one response: the body, and the headers of the last header block (an interim
/// `100 Continue` or a proxy's `200 Connection established` comes before the real one).
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
}

private let collectBody: ccurl_data_callback = { data, size, count, userdata in
    let length = size * count
    guard let data, let userdata else { return length }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
    return length
}

private let collectHeader: ccurl_data_callback = { data, size, count, userdata in
    let length = size * count
    guard let data, let userdata else { return length }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userdata).takeUnretainedValue()
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        sink.headers = [:]
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        if !name.isEmpty { sink.headers[name] = value }
    }
    return length
}
