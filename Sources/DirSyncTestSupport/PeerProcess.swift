import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway test peer (scim2-server, the fault proxy, `openssl s_server`): its child
/// process and temp dir, started, waited for and stopped the same way for every peer.
final class PeerProcess: @unchecked Sendable {
    let tempDir: URL
    let process: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    init(tempDir: URL, process: ChildProcess) {
        self.tempDir = tempDir
        self.process = process
    }

    /// A fresh temp dir named after the peer.
    static func makeTempDir(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Starts a peer up to three times: a free port can be taken between probing and binding.
    static func retrying<Peer>(_ name: String, _ start: () throws -> Peer) throws -> Peer {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do { return try start() } catch let error as SlapdError where error.retryable { lastError = error }
        }
        throw lastError ?? SlapdError(message: "\(name) did not start", retryable: false)
    }

    /// Polls a TCP connect to `port` every 10 ms, up to 10 s, failing early (with the log,
    /// retryable when the port was taken) if the process exits.
    func waitUntilListening(port: Int, logPath: String, name: String) throws {
        for _ in 0..<1000 {
            if !process.isRunning {
                let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw SlapdError(
                    message: "\(name) exited during startup: \(text)",
                    retryable: text.contains("Address already in use") || text.contains("in use"))
            }
            if SlapdServer.canConnect(port: port) { return }
            usleep(10_000)
        }
        process.terminateAndWait()
        throw SlapdError(message: "\(name) did not listen on port \(port) within 10 s", retryable: false)
    }

    /// SIGTERM, wait, remove the temp dir; idempotent.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        process.terminateAndWait()
        try? FileManager.default.removeItem(at: tempDir)
    }
}
