import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_server -www` on 127.0.0.1 with a certificate from a throwaway CA (`TestPKI`):
/// a real TLS peer for testing that an HTTPS client verifies certificates. It answers any
/// GET with 200 and a status page.
public final class TLSTestServer: @unchecked Sendable {
    /// `https://127.0.0.1:PORT/`
    public let url: String
    public let port: Int
    /// The CA that signed the server's certificate.
    public let caFile: String
    /// A CA that did not.
    public let wrongCAFile: String
    private let tempDir: URL
    private let process: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    public static func start() throws -> TLSTestServer {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do { return try TLSTestServer() } catch let error as SlapdError where error.retryable { lastError = error }
        }
        throw lastError ?? SlapdError(message: "openssl s_server did not start", retryable: false)
    }

    private init() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("dirsync-tls-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        tempDir = dir
        let pki = try TestPKI.make(in: dir)
        caFile = pki.caFile
        wrongCAFile = pki.wrongCAFile
        port = try SlapdServer.freePort()
        url = "https://127.0.0.1:\(port)/"
        let logPath = dir.appendingPathComponent("s_server.log").path
        process = try ChildProcess(
            path: "/usr/bin/openssl",
            arguments: ["s_server", "-www", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", pki.certFile, "-key", pki.keyFile],
            logPath: logPath)
        for _ in 0..<1000 {
            if !process.isRunning {
                let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw SlapdError(message: "openssl s_server exited during startup: \(text)", retryable: text.contains("in use"))
            }
            if SlapdServer.canConnect(port: port) { return }
            usleep(10_000)
        }
        throw SlapdError(message: "openssl s_server did not listen on port \(port) within 10 s", retryable: false)
    }

    deinit { stop() }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        process.terminateAndWait()
        try? FileManager.default.removeItem(at: tempDir)
    }
}
