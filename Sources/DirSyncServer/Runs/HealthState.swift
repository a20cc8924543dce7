import DirSyncStore
import Foundation

/// What `/readyz` answers from: the daemon is ready while its config is loaded and the last
/// sync did not fail (a refused or locked run is not a failure of the daemon).
public final class HealthState: @unchecked Sendable {
    private let lock = NSLock()
    private var lastStatus: RunStatus?
    private var nextRun: Date?

    public init() {}

    public var lastSyncFailed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return lastStatus == .failed
    }

    public var lastSyncStatus: RunStatus? {
        lock.lock()
        defer { lock.unlock() }
        return lastStatus
    }

    /// When the scheduler will next start a sync (random delay included), if it knows.
    public var nextScheduledRun: Date? {
        lock.lock()
        defer { lock.unlock() }
        return nextRun
    }

    func lastSyncEnded(_ status: RunStatus) {
        lock.lock()
        defer { lock.unlock() }
        lastStatus = status
    }

    func scheduled(_ date: Date?) {
        lock.lock()
        defer { lock.unlock() }
        nextRun = date
    }
}
