import DirSyncCore

/// The embedded target (`target: { type: store }`): accounts live in the state database,
/// beside the bookkeeping every target needs (ledger, runs, audit).
///
/// Its invariant is the strongest one: an operation's effect, its ledger change and its
/// audit line commit in ONE transaction, so a `kill -9` leaves all or nothing of each
/// operation and the next sync converges without duplicates. It therefore records through
/// its own transactions and does not use the `ApplyJournal` a remote target writes to.
///
/// How it writes is its own business and stays here: operations are committed in chunks
/// (one fsync each, a crash loses at most the chunk in flight) and, over several chunks,
/// the WAL is checkpointed on a connection of its own (`withBackgroundCheckpoints`).
public struct StoreTarget: AccountTarget {
    public let store: StateStore
    /// Operations per transaction while applying.
    public let chunkSize: Int

    /// With SQLite's write-ahead log every commit rewrites each index page it touched, so
    /// smaller chunks write the same pages again and again (Benchmarks/FINDINGS.md); a sync
    /// killed mid-apply loses at most one chunk, which the next sync redoes.
    public static let defaultChunkSize = 5000

    public init(store: StateStore, chunkSize: Int = StoreTarget.defaultChunkSize) {
        self.store = store
        self.chunkSize = max(1, chunkSize)
    }

    /// Every account in the store; a read failure is a `TargetError` (exit 2, nothing changed).
    public func readAccounts() async throws -> [Account] {
        do {
            return try store.readAccounts()
        } catch {
            throw TargetError("cannot read the accounts of the embedded store: \(error)")
        }
    }

    /// A chunk commits in well under a second, so `progress` is never needed.
    public func apply(
        _ operations: [AccountOperation], in run: ApplyRun, journal: any ApplyJournal,
        report: (AppliedChunk) -> Void, progress: (Int) -> Void
    ) async throws {
        func applyChunks(committed: () -> Void) throws {
            for start in stride(from: 0, to: operations.count, by: chunkSize) {
                let chunk = operations[start..<min(start + chunkSize, operations.count)]
                let results = try store.applyBatch(Array(chunk), runID: run.id, at: run.at)
                committed()
                report(AppliedChunk(operations: chunk, results: results.map(Self.result)))
            }
        }
        if operations.count > chunkSize {
            try store.withBackgroundCheckpoints { try applyChunks(committed: $0) }
        } else {
            try applyChunks {}
        }
    }

    /// Adds an account dirsync does not manage (no ledger entry), as an application user
    /// created by hand would be: for trying adoption and the never-touch-unmanaged rule.
    /// An empty key gets a generated one. Returns the key.
    @discardableResult
    public func insertUnmanagedAccount(_ account: Account) throws -> String {
        try store.insertUnmanagedAccount(account)
    }

    private static func result(_ stored: Result<StoreApplied, StoreError>) -> OperationResult {
        switch stored {
        case .success(let applied): .applied(after: applied.after)
        case .failure(let error): .failed(reason: error.description)
        }
    }
}
