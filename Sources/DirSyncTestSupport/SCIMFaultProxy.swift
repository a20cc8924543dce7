import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A proxy on 127.0.0.1 in front of a SCIM server that injects the faults a real network
/// and a busy service provider produce: 429 with `Retry-After`, 503, connections dropped
/// before the request is forwarded, and responses lost after the server applied the
/// request. Retry and "no duplicates" logic is tested through it against the real server.
///
/// Faults are deterministic (every Nth matching request, or a seeded draw), and every
/// request is logged with what the proxy did, so a test can assert a fault really happened.
/// Use `baseURL` as the server's URL, or `proxyURL` as an HTTP proxy (absolute-form
/// requests are forwarded wherever they point). Runs `Tests/Peers/scim_fault_proxy.py`
/// under the system's python3; stopped by `stop()` or `deinit`.
public final class SCIMFaultProxy: @unchecked Sendable {
    /// One kind of fault and when it fires.
    public struct Fault: Sendable, Hashable {
        public enum Kind: String, Sendable, CaseIterable {
            /// Answers 429 (with `Retry-After` when set) without forwarding.
            case tooManyRequests = "429"
            /// Answers 503 (with `Retry-After` when set) without forwarding.
            case serviceUnavailable = "503"
            /// Closes the connection without forwarding: the server never sees the request.
            case dropConnection = "drop"
            /// Forwards (the server applies the request), then closes without answering.
            case loseResponse = "lose"
        }

        public var kind: Kind
        /// Fires on the 1st, (N+1)th, (2N+1)th … matching request; 0 = use `probability`.
        public var every: Int
        /// Fires with this probability per matching request, drawn from a generator seeded with `seed`.
        public var probability: Double
        public var seed: Int
        /// Only requests with these methods count (empty: all).
        public var methods: [String]
        /// Fires at most this many times (nil: no limit).
        public var limit: Int?
        /// `Retry-After` of a 429 or 503 (nil: no header).
        public var retryAfter: String?
        /// The status a `.tooManyRequests` or `.serviceUnavailable` fault answers with instead
        /// of 429 or 503 (500, 502, 504: a server or gateway failing after it may have acted);
        /// logged under the fault's kind.
        public var status: Int?

        public init(_ kind: Kind, every: Int = 0, probability: Double = 0, seed: Int = 0, methods: [String] = [],
                    limit: Int? = nil, retryAfter: String? = "0", status: Int? = nil) {
            self.kind = kind
            self.every = every
            self.probability = probability
            self.seed = seed
            self.methods = methods
            self.limit = limit
            self.retryAfter = retryAfter
            self.status = status
        }

        var json: [String: Any] {
            var object: [String: Any] = [
                "kind": kind.rawValue, "every": every, "probability": probability, "seed": seed, "methods": methods,
            ]
            if let limit { object["limit"] = limit }
            if let retryAfter { object["retry_after"] = retryAfter }
            if let status { object["status"] = status }
            return object
        }
    }

    /// One request the proxy saw.
    public struct Entry: Sendable, Hashable {
        public var method: String
        /// As received: a path (`/v2/Users`) or, through `proxyURL`, an absolute URL.
        public var path: String
        /// `forward`, or the `Fault.Kind` raw value that was injected.
        public var action: String
        /// The status the client got (429/503 injected) or the server answered (forward, lose).
        public var status: Int?
    }

    /// The upstream's base URL with the proxy's authority: `http://127.0.0.1:PORT/v2`.
    public let baseURL: String
    /// `http://127.0.0.1:PORT`, for a client's proxy option.
    public let proxyURL: String
    public let port: Int
    public let logPath: String
    private let rulesPath: String
    private let peer: PeerProcess

    /// The proxy script in the repository.
    public static var script: String {
        Repository.root.appendingPathComponent("Tests/Peers/scim_fault_proxy.py").path
    }

    /// A proxy in front of `upstream`, injecting `faults` (checked in order).
    public static func start(upstream: SCIMServer, faults: [Fault] = []) throws -> SCIMFaultProxy {
        try SCIMFaultProxy(upstreamBaseURL: upstream.baseURL, faults: faults)
    }

    /// A proxy in front of any HTTP server; `upstreamBaseURL` is `http://host:port[/path]`.
    public static func start(upstreamBaseURL: String, faults: [Fault] = []) throws -> SCIMFaultProxy {
        try SCIMFaultProxy(upstreamBaseURL: upstreamBaseURL, faults: faults)
    }

    private init(upstreamBaseURL: String, faults: [Fault]) throws {
        guard let upstream = URLComponents(string: upstreamBaseURL), upstream.scheme == "http", let host = upstream.host else {
            throw SlapdError(message: "SCIMFaultProxy: upstream must be http://host:port/…, got \(upstreamBaseURL)", retryable: false)
        }
        let dir = try PeerProcess.makeTempDir("scimproxy")
        logPath = dir.appendingPathComponent("requests.jsonl").path
        rulesPath = dir.appendingPathComponent("rules.json").path
        let portFile = dir.appendingPathComponent("port").path
        let configPath = dir.appendingPathComponent("config.json").path
        try Self.write(faults: faults, to: rulesPath)
        let origin = "http://\(host)\(upstream.port.map { ":\($0)" } ?? "")"
        let config: [String: Any] = ["upstream": origin, "log": logPath, "port_file": portFile, "rules_file": rulesPath]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = try ChildProcess(
            path: "/usr/bin/python3", arguments: ["-u", Self.script, configPath],
            logPath: dir.appendingPathComponent("proxy.stderr").path)
        peer = PeerProcess(tempDir: dir, process: process)
        var found: Int?
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            if !process.isRunning {
                let text = (try? String(contentsOfFile: dir.appendingPathComponent("proxy.stderr").path, encoding: .utf8)) ?? ""
                throw SlapdError(message: "scim_fault_proxy.py exited during startup: \(text)", retryable: false)
            }
            usleep(10_000)
        }
        guard let found else {
            process.terminateAndWait()
            throw SlapdError(message: "scim_fault_proxy.py did not listen within 10 s", retryable: false)
        }
        port = found
        proxyURL = "http://127.0.0.1:\(found)"
        baseURL = proxyURL + upstream.path
    }

    deinit { stop() }

    /// SIGTERM and wait; idempotent.
    public func stop() { peer.stop() }

    /// Replaces the faults from the next request on (their counters restart).
    public func setFaults(_ faults: [Fault]) throws {
        try Self.write(faults: faults, to: rulesPath)
    }

    /// Every request so far, in the order the proxy decided on them.
    public func entries() -> [Entry] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let method = object["method"] as? String, let path = object["path"] as? String,
                  let action = object["action"] as? String else { return nil }
            return Entry(method: method, path: path, action: action, status: object["status"] as? Int)
        }
    }

    /// How many times `kind` was injected so far.
    public func injected(_ kind: Fault.Kind) -> Int {
        entries().filter { $0.action == kind.rawValue }.count
    }

    /// Requests the server received (forwarded, with or without the response lost).
    public func forwarded() -> Int {
        entries().filter { $0.action == "forward" || $0.action == Fault.Kind.loseResponse.rawValue }.count
    }

    private static func write(faults: [Fault], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: faults.map(\.json))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
