import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exclusive lock on a state database across processes, so two syncs never interleave
/// (contract: a sync holds it from before reading the sources until its last record).
///
/// `flock(LOCK_EX|LOCK_NB)` on "<state>.lock": the kernel drops it when the process dies,
/// so a crash never leaves a stale lock. It belongs to the open file description, so a
/// second acquire in the same process also fails. Held until `release()` or deinit.
public final class StateLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    private let mutex = NSLock()
    private var descriptor: Int32?

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock or throws `StateLockHeld` at once (never waits); other failures throw
    /// `StoreError`. Writes this process's id into the lock file for the next one's message.
    public static func acquire(statePath: String) throws -> StateLock {
        let path = statePath + ".lock"
        // 0600 like the database beside it (the umask can only take bits away).
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, PrivateFiles.mode)
        guard fd >= 0 else {
            throw StoreError(
                "cannot open the lock file \(path): \(String(cString: strerror(errno))); check that its folder is writable"
            )
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = readPID(fd)
            close(fd)
            if code == EWOULDBLOCK { throw StateLockHeld(lockPath: path, pid: holder) }
            throw StoreError("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        return StateLock(path: path, descriptor: fd)
    }

    /// Lets the next sync in. The lock file stays: removing it would race with a waiter.
    public func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard let fd = descriptor else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        descriptor = nil
    }

    /// Whether this value still holds the lock.
    public var isHeld: Bool {
        mutex.lock()
        defer { mutex.unlock() }
        return descriptor != nil
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}
