import DirSyncCore
import DirSyncStore

/// What a sync did: the operations it applied, those that failed, and the run it recorded.
public struct SyncOutcome: Sendable {
    /// The operations that were applied, in the order they were applied (for a dry run:
    /// the plan that would be applied).
    public var applied: Plan
    public var failures: [SyncFailureRecord]
    /// The run's id in the history; nil for a dry run.
    public var runID: Int64?

    public init(applied: Plan, failures: [SyncFailureRecord], runID: Int64?) {
        self.applied = applied
        self.failures = failures
        self.runID = runID
    }

    /// The run's status in the history.
    public var status: RunStatus { failures.isEmpty ? .succeeded : .partial }

    public var exitCode: ExitCode { failures.isEmpty ? .success : .partial }
}

/// One operation that the target refused.
public struct SyncFailureRecord: Sendable {
    public var username: String
    public var action: String
    public var error: String

    public init(username: String, action: String, error: String) {
        self.username = username
        self.action = action
        self.error = error
    }
}
