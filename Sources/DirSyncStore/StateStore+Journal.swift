import DirSyncCore

/// The bookkeeping a remote target records into: ledger change and audit line of each
/// operation the application confirmed, in one transaction.
extension StateStore: ApplyJournal {
    public func recordApplied(
        _ operation: AccountOperation, accountKey: String, before: Account?, after: Account?, in run: ApplyRun
    ) throws {
        try recordApplied(operation, accountKey: accountKey, runID: run.id, at: run.at, before: before, after: after)
    }

    public func recordFailed(_ operation: AccountOperation, reason: String, in run: ApplyRun) throws {
        try recordFailure(operation, runID: run.id, at: run.at, error: reason)
    }

    public func record(_ entries: [JournalEntry], in run: ApplyRun) throws {
        try record(entries, runID: run.id, at: run.at)
    }
}
