import DirSyncTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `dirsync serve` child started as systemd would (`CleanSpawn`): its own process, an
/// empty signal mask, the environment given, stdout and stderr to a log file. Not under
/// `ChildProcess`'s guard shell, because the tests signal the daemon itself.
final class DaemonProcess: @unchecked Sendable {
    let pid: pid_t
    let logPath: String
    private var exitStatus: Int32?
    private let lock = NSLock()

    init(binary: String, arguments: [String], environment: [String: String], logPath: String) throws {
        self.logPath = logPath
        pid = try CleanSpawn.spawn(binary, arguments, environment: environment, logPath: logPath)
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// The exit status once the child has exited (reaping it), else nil.
    var status: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let exitStatus { return exitStatus }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        // WIFEXITED / WEXITSTATUS by hand: the macros do not import.
        exitStatus = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return exitStatus
    }

    /// Waits for the exit for at most `timeout`; nil if it is still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return status
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}

/// The receiving end of `NOTIFY_SOCKET`: a unix datagram socket whose messages a thread of
/// its own collects at once (as systemd does), so the daemon never finds the queue full.
final class NotifyListener: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private let lock = NSLock()
    private var messages: [String] = []
    private var closed = false

    init(in dir: URL) throws {
        path = dir.appendingPathComponent("notify.sock").path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw LiveBinary.Failure(description: "cannot bind \(path)") }
        let thread = Thread { [self] in receive() }
        thread.start()
    }

    /// Stops the reader (it wakes within 100 ms) and closes the socket.
    func close() {
        lock.lock()
        closed = true
        lock.unlock()
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            lock.lock()
            let done = closed
            lock.unlock()
            if done {
                Glibc.close(fd)
                return
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            lock.lock()
            messages.append(message)
            lock.unlock()
        }
    }

    /// Every message received so far, in order.
    var received: [String] {
        lock.lock()
        defer { lock.unlock() }
        return messages
    }
}
