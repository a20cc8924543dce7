import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts a child as an init system would: an empty signal mask and default dispositions,
/// stdin from /dev/null, stdout and stderr appended to a log file.
///
/// Foundation's `Process` passes on the spawning thread's signal mask; under the test
/// runner that mask blocks SIGTERM, so a child started that way ignores it. Every child a
/// test stops with a signal (slapd, the test peers, `dirsync serve`) starts here.
public enum CleanSpawn {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Spawns `path` with `arguments`; `environment` is added over this process's own.
    /// `descriptor3`, when given, becomes the child's fd 3. Returns the child's pid.
    public static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String] = [:], logPath: String,
        descriptor3: Int32? = nil
    ) throws -> pid_t {
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
        if let descriptor3 { posix_spawn_file_actions_adddup2(&actions, descriptor3, 3) }

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in envp { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
        guard rc == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }
}
