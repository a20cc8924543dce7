import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child started by `CleanSpawn` (so SIGTERM reaches it), guarded so that it dies with
/// the test process.
///
/// A test process that crashes, or keeps a server in a global (never deinitialised), would
/// orphan its slapd. So the child runs under a small `sh` guard holding the read end of a
/// pipe whose write end only this process has: when the pipe closes (`terminateAndWait()`
/// or the test process dying), the guard sends SIGTERM to the child and waits for it.
final class ChildProcess: @unchecked Sendable {
    /// The guard shell; it exits with the child's status.
    let pid: pid_t
    private var exited = false
    private let lock = NSLock()
    private var lifeline: Int32
    private static let spawnLock = NSLock()

    static let guardScript = """
        "$@" &
        child=$!
        ( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &
        watcher=$!
        wait "$child"
        status=$?
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
        exit $status
        """

    /// Starts `path` with `arguments` under the guard, stdin from /dev/null, stdout and
    /// stderr appended to `logPath`.
    init(path: String, arguments: [String], logPath: String) throws {
        // Serialised: between pipe() and FD_CLOEXEC another spawn here could inherit the
        // write end. (Foundation's Process closes inherited descriptors in its children.)
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw SlapdError(message: "pipe failed: \(String(cString: strerror(errno)))", retryable: false)
        }
        // Other children must not hold the write end, or the lifeline never breaks.
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        lifeline = fds[1]
        defer { close(fds[0]) }
        do {
            pid = try CleanSpawn.spawn(
                "/bin/sh", ["-c", Self.guardScript, "dirsync-guard", path] + arguments, logPath: logPath,
                descriptor3: fds[0])
        } catch {
            close(fds[1])
            throw SlapdError(message: "\(error)", retryable: false)
        }
    }

    /// Whether the child is still running (reaps it when it has exited).
    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if exited { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// Closes the lifeline (the guard then sends SIGTERM to the child) and waits up to 10 s
    /// for the exit; SIGKILL to the guard if it did not go (the owner cleans up the child).
    func terminateAndWait() {
        lock.lock()
        if lifeline >= 0 { close(lifeline); lifeline = -1 }
        lock.unlock()
        for _ in 0..<1000 {
            if !isRunning { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        lock.lock()
        exited = true
        lock.unlock()
    }
}
