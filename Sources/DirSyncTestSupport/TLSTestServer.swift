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
    private let peer: PeerProcess

    public static func start() throws -> TLSTestServer {
        try PeerProcess.retrying("openssl s_server") { try TLSTestServer() }
    }

    private init() throws {
        let dir = try PeerProcess.makeTempDir("tls")
        let pki = try TestPKI.make(in: dir)
        caFile = pki.caFile
        wrongCAFile = pki.wrongCAFile
        port = try SlapdServer.freePort()
        url = "https://127.0.0.1:\(port)/"
        let logPath = dir.appendingPathComponent("s_server.log").path
        let process = try ChildProcess(
            path: "/usr/bin/openssl",
            arguments: ["s_server", "-www", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", pki.certFile, "-key", pki.keyFile],
            logPath: logPath)
        peer = PeerProcess(tempDir: dir, process: process)
        try peer.waitUntilListening(port: port, logPath: logPath, name: "openssl s_server")
    }

    deinit { stop() }

    public func stop() { peer.stop() }
}
