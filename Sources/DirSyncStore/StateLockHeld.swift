/// Another process holds the state database's lock: a sync is running. Exit code 5.
public struct StateLockHeld: Error, CustomStringConvertible, Sendable, Equatable {
    /// The lock file.
    public var lockPath: String
    /// The holder's process id, as it wrote it into the lock file, when readable.
    public var pid: Int32?

    public init(lockPath: String, pid: Int32?) {
        self.lockPath = lockPath
        self.pid = pid
    }

    public var description: String {
        let holder = pid.map { "process \($0)" } ?? "another process"
        return "the state database is locked by \(holder) (\(lockPath)): another sync is running; "
            + "wait for it to finish and try again"
    }
}
