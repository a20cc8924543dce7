import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child started with `posix_spawn` and an empty signal mask.
///
/// Foundation's `Process` passes on the spawning thread's signal mask; under the test
/// runner that mask blocks SIGTERM, so a slapd started that way ignores `terminate()` and
/// `waitUntilExit()` hangs. Spawning with `POSIX_SPAWN_SETSIGMASK` avoids that.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    private var exited = false
    private let lock = NSLock()

    /// Starts `path` with `arguments`, stdin from /dev/null, stdout and stderr appended to `logPath`.
    init(path: String, arguments: [String], logPath: String) throws {
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

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let envp: [UnsafeMutablePointer<CChar>?] =
            ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else {
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

    /// SIGTERM, then wait up to 10 s for the exit; SIGKILL if it did not go.
    func terminateAndWait() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
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
