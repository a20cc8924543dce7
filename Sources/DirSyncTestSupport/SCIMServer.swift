import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway `scim2-server` (PyPI, in the repository's `.venv`) on 127.0.0.1, so that SCIM
/// code is tested against a real, third-party service provider rather than a mock.
///
/// In-memory: every server starts empty. `maxResults` caps every page the server answers,
/// so that a client must page; `patch` and `bulk` say what its ServiceProviderConfig offers.
/// Stopped by SIGTERM (`stop()` or `deinit`).
public final class SCIMServer: @unchecked Sendable {
    public let port: Int
    /// `http://127.0.0.1:PORT/v2`
    public let baseURL: String
    /// The bearer token the server accepts (written to `tokenFile` too).
    public let token: String
    public let tokenFile: String
    /// The server's request log (one line per request, WSGI style).
    public let logPath: String
    public var tempDir: URL { peer.tempDir }
    private let peer: PeerProcess

    /// The scim2-server executable of the repository's venv (`scripts/install-deps.sh --with-scim`).
    public static var executable: String {
        Repository.root.appendingPathComponent(".venv/bin/scim2-server").path
    }

    /// Whether the venv holds scim2-server (tests say how to install it when it does not).
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    public static func start(maxResults: Int = 1000, patch: Bool = true, bulk: Bool = true) throws -> SCIMServer {
        try PeerProcess.retrying("scim2-server") { try SCIMServer(maxResults: maxResults, patch: patch, bulk: bulk) }
    }

    private init(maxResults: Int, patch: Bool, bulk: Bool) throws {
        guard SCIMServer.isInstalled else {
            throw SlapdError(
                message: "scim2-server is not installed at \(SCIMServer.executable); run scripts/install-deps.sh --with-scim",
                retryable: false)
        }
        let dir = try PeerProcess.makeTempDir("scim")
        port = try SlapdServer.freePort()
        baseURL = "http://127.0.0.1:\(port)/v2"
        token = "scim-test-token-\(UUID().uuidString.prefix(8))"
        tokenFile = dir.appendingPathComponent("token").path
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        logPath = dir.appendingPathComponent("server.log").path
        let config: [String: Any] = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "patch": ["supported": patch],
            "bulk": ["supported": bulk, "maxOperations": 1000, "maxPayloadSize": 1_048_576],
            "filter": ["supported": true, "maxResults": maxResults],
            "changePassword": ["supported": false],
            "sort": ["supported": true],
            "etag": ["supported": true],
            "authenticationSchemes": [
                ["type": "oauthbearertoken", "name": "OAuth Bearer Token", "description": "bearer token"]
            ],
        ]
        let configPath = dir.appendingPathComponent("spc.json").path
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        let process = try ChildProcess(
            path: SCIMServer.executable,
            arguments: [
                "--hostname", "127.0.0.1", "--port", String(port), "--bearer-token", token,
                "--service-provider-config", configPath,
            ],
            logPath: logPath)
        peer = PeerProcess(tempDir: dir, process: process)
        try peer.waitUntilListening(port: port, logPath: logPath, name: "scim2-server")
    }

    deinit { stop() }

    /// SIGTERM and wait; idempotent.
    public func stop() { peer.stop() }

    /// The request lines the server logged whose method changes something (POST, PUT,
    /// PATCH, DELETE): what "a no-op sync writes nothing" is checked against.
    public func writeRequestCount() -> Int {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { line in
            ["\"POST ", "\"PUT ", "\"PATCH ", "\"DELETE "].contains { line.contains($0) }
        }.count
    }

    /// Calls the server with the `curl` command line (not dirsync's client, so that a test's
    /// view of the server does not depend on the code under test); returns status and body.
    public func call(_ method: String, _ path: String, json: String? = nil) throws -> (status: Int, body: String) {
        var arguments = [
            "-sS", "-X", method, "-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/scim+json",
            "-w", "\n%{http_code}", baseURL + path,
        ]
        if json != nil { arguments += ["--data-binary", "@-"] }
        let (status, output) = try Tool.capture("/usr/bin/curl", arguments, input: json)
        guard status == 0, let cut = output.lastIndex(of: "\n"), let code = Int(output[output.index(after: cut)...]) else {
            throw SlapdError(message: "curl \(method) \(path) failed (\(status)): \(output)", retryable: false)
        }
        return (code, String(output[..<cut]))
    }

    /// Every resource of `/Users` or `/Groups`, paged by `startIndex`.
    public func all(_ resource: String) throws -> [[String: Any]] {
        var result: [[String: Any]] = []
        var start = 1
        while true {
            let (status, body) = try call("GET", "/\(resource)?startIndex=\(start)&count=1000")
            guard status == 200, let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw SlapdError(message: "GET /\(resource): \(status) \(body)", retryable: false)
            }
            let items = page["Resources"] as? [[String: Any]] ?? []
            result += items
            let total = page["totalResults"] as? Int ?? 0
            if items.isEmpty || result.count >= total { return result }
            start += items.count
        }
    }

    /// Creates a resource; returns its `id`.
    @discardableResult
    public func create(_ resource: String, _ json: String) throws -> String {
        let (status, body) = try call("POST", "/\(resource)", json: json)
        guard status == 201, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let id = object["id"] as? String else {
            throw SlapdError(message: "POST /\(resource): \(status) \(body)", retryable: false)
        }
        return id
    }
}
