import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state database holds people's emails, names and the audit log: it and its companions
/// are created readable by this user only (`0600`), whatever the umask.
///
/// SQLite gives the `-wal` and `-shm` files it creates the main file's permissions, so
/// creating the main file `0600` before SQLite first opens it covers all three. An existing
/// file keeps the mode its owner chose.
enum PrivateFiles {
    /// The mode of every file dirsync creates beside the state database.
    static let mode: mode_t = 0o600

    /// Creates an empty `path` with mode `0600` unless it exists (SQLite takes an empty file
    /// for a new database). Any other failure is left to the caller's open, which reports it.
    static func createIfMissing(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { return }
        _ = fchmod(fd, mode)  // the umask may have taken bits away; never more than 0600
        close(fd)
    }
}
