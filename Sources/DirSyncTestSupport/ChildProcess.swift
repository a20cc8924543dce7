import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child started with `posix_spawn` and an empty signal mask, guarded so that it dies
/// with the test process.
///
/// Foundation's `Process` passes on the spawning thread's signal mask; under the test
/// runner that mask blocks SIGTERM, so a slapd started that way ignores `terminate()` and
/// `waitUntilExit()` hangs. Spawning with `POSIX_SPAWN_SETSIGMASK` avoids that.
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
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attr, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, fds[0], 3)

        let shell = "/bin/sh"
        let argv: [UnsafeMutablePointer<CChar>?] =
            ([shell, "-c", Self.guardScript, "dirsync-guard", path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, shell, &actions, &attr, argv, envp)
        guard rc == 0 else {
            close(fds[1])
            throw SlapdError(message: "cannot start \(path): \(String(cString: strerror(rc)))", retryable: false)
        }
        self.pid = pid
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
