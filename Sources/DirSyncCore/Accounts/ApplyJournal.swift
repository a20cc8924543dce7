import Foundation

/// The run an apply belongs to: audit lines name it and carry its time.
public struct ApplyRun: Sendable, Hashable {
    public var id: Int64
    /// The run's timestamp, the same on every audit line of the run.
    public var at: Date

    public init(id: Int64, at: Date) {
        self.id = id
        self.at = at
    }
}

/// Where a remote target records each operation the application confirmed: its ledger
/// change and audit line, in one transaction of the state database.
///
/// Kept apart from the target because the bookkeeping (ledger, runs, audit) is the same for
/// every target, while the accounts live in the application.
public protocol ApplyJournal: Sendable {
    /// Records an applied operation: `accountKey` is the target's key for the account (a
    /// create's new key); `before` and `after` are the account as the target showed it.
    func recordApplied(
        _ operation: AccountOperation, accountKey: String, before: Account?, after: Account?, in run: ApplyRun
    ) throws

    /// Records an operation the target refused, with the reason it gave.
    func recordFailed(_ operation: AccountOperation, reason: String, in run: ApplyRun) throws

    /// Records a finished chunk at once; the default records each entry on its own.
    func record(_ entries: [JournalEntry], in run: ApplyRun) throws
}

/// One line of a chunk a remote target finished: what `recordApplied` or `recordFailed` take.
public enum JournalEntry: Sendable {
    case applied(AccountOperation, accountKey: String, before: Account?, after: Account?)
    case failed(AccountOperation, reason: String)
}

extension ApplyJournal {
    public func record(_ entries: [JournalEntry], in run: ApplyRun) throws {
        for entry in entries {
            switch entry {
            case .applied(let op, let key, let before, let after):
                try recordApplied(op, accountKey: key, before: before, after: after, in: run)
            case .failed(let op, let reason):
                try recordFailed(op, reason: reason, in: run)
            }
        }
    }
}

/// What the target did with one operation.
public enum OperationResult: Sendable, Hashable {
    /// Applied and recorded; `after` is the account as it now stands (nil once deleted).
    case applied(after: Account?)
    /// Not applied (and recorded as failed), with the target's reason.
    case failed(reason: String)
}

/// A chunk of operations the target finished, with one result per operation, in order.
public struct AppliedChunk: Sendable {
    public var operations: ArraySlice<AccountOperation>
    public var results: [OperationResult]

    public init(operations: ArraySlice<AccountOperation>, results: [OperationResult]) {
        self.operations = operations
        self.results = results
    }
}
