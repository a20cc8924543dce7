import DirSyncCore
import Foundation
import GRDB

/// One operation the embedded store carried out: the account's key and its state after
/// (nil once deleted).
public struct StoreApplied: Sendable, Hashable {
    public var key: String
    public var after: Account?

    public init(key: String, after: Account?) {
        self.key = key
        self.after = after
    }
}

extension StateStore {
    /// Applies one operation to the embedded store, its ledger change and its audit line in
    /// ONE transaction. On failure it throws a `StoreError` having recorded nothing: call
    /// `recordFailure` to log it. Replaying an applied create converges instead of duplicating.
    /// Returns the account key.
    @discardableResult
    func apply(_ op: AccountOperation, runID: Int64, at: Date) throws -> String {
        try write("applying \(op.action.rawValue) of '\(op.username)'") { db in
            try OperationApplier.apply(db, op, runID: runID, at: at.databaseValue).key
        }
    }

    /// Applies many operations in ONE transaction (a first sync of 100k creates); a failing op
    /// rolls back alone (savepoints), the others apply. Unlike `apply`, a failing op IS recorded
    /// here, as a "failed" audit line: do not call `recordFailure` for it again.
    /// Returns one result per op, in order.
    ///
    /// A batch of creates (a first sync) is first tried whole, without savepoints
    /// (`createAll`). Otherwise, or if that fails, ops run in chunks of `chunkSize` under one
    /// savepoint each; only a chunk that meets a failure is rolled back and redone with one
    /// savepoint per op, which keeps SQLite from journaling every page for every op.
    func applyBatch(
        _ ops: [AccountOperation], runID: Int64, at: Date, chunkSize: Int = 500
    ) throws -> [Result<StoreApplied, StoreError>] {
        if ops.count > 1, ops.allSatisfy({ $0.action == .create }), let created = try? createAll(ops, runID: runID, at: at) {
            return created.map { .success(StoreApplied(key: $0.key, after: $0)) }
        }
        return try write("applying a batch of \(ops.count) operations") { db in
            // Foreign keys (audit lines → their run) are checked at commit instead of per
            // statement: an immediate check makes SQLite open a statement journal for every
            // row inserted inside the chunk savepoint. A violation still fails the commit,
            // so nothing inconsistent is kept.
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
            let atValue = at.databaseValue
            let atText = String.fromDatabaseValue(atValue)!
            var bulk: BulkCreate? = nil
            var results: [Result<StoreApplied, StoreError>] = []
            results.reserveCapacity(ops.count)
            var start = ops.startIndex
            while start < ops.endIndex {
                let chunk = ops[start..<min(start + max(1, chunkSize), ops.endIndex)]
                var done: [StoreApplied] = []
                do {
                    try db.inSavepoint {
                        done = []
                        if chunk.allSatisfy({ $0.action == .create }) {
                            // A first sync: see `BulkCreate`. Any failure redoes the chunk op by op below.
                            if bulk == nil { bulk = try BulkCreate(db) }
                            done = try bulk!.apply(db, chunk, runID: runID, at: atText).map {
                                StoreApplied(key: $0.key, after: $0)
                            }
                        } else {
                            for op in chunk {
                                let outcome = try OperationApplier.apply(db, op, runID: runID, at: atValue)
                                done.append(StoreApplied(key: outcome.key, after: outcome.after))
                            }
                        }
                        return .commit
                    }
                    results += done.map { .success($0) }
                } catch {
                    for op in chunk { results.append(try Self.applyAlone(db, op, runID: runID, at: atValue)) }
                }
                start = chunk.endIndex
            }
            return results
        }
    }

    /// Creates every op's account in one transaction without savepoints (`BulkCreate`), or
    /// throws having written nothing; `applyBatch` then redoes the ops under savepoints,
    /// where each failure is kept to its op and explained.
    ///
    /// Why no savepoint here: inside one, SQLite copies every page a statement first
    /// touches into a statement journal, so that it could roll back to it: for a first sync,
    /// whose index pages are touched in random order, that copying is a large part of the
    /// apply (Benchmarks/FINDINGS.md).
    private func createAll(_ ops: [AccountOperation], runID: Int64, at: Date) throws -> [Account] {
        try writer.write { db in
            try db.execute(sql: "PRAGMA defer_foreign_keys = ON")  // see applyBatch
            let bulk = try BulkCreate(db)
            return try bulk.apply(db, ops[...], runID: runID, at: String.fromDatabaseValue(at.databaseValue)!)
        }
    }

    /// One op in its own savepoint; a failure is rolled back and recorded as "failed".
    private static func applyAlone(
        _ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue
    ) throws -> Result<StoreApplied, StoreError> {
        var applied = StoreApplied(key: "", after: nil)
        do {
            try db.inSavepoint {
                let outcome = try OperationApplier.apply(db, op, runID: runID, at: at)
                applied = StoreApplied(key: outcome.key, after: outcome.after)
                return .commit
            }
            return .success(applied)
        } catch {
            let failure = StoreError.wrapping(error, doing: "applying \(op.action.rawValue) of '\(op.username)'")
            try insertFailure(db, op, runID: runID, at: at, error: failure.message)
            return .failure(failure)
        }
    }

    /// Records an operation that failed (result "failed" with the error text), in its own
    /// transaction, with the account as it stands in the embedded store if it is there.
    public func recordFailure(_ op: AccountOperation, runID: Int64, at: Date, error: String) throws {
        try write("recording the failure of \(op.action.rawValue) '\(op.username)'") { db in
            try Self.insertFailure(db, op, runID: runID, at: at.databaseValue, error: error)
        }
    }

    /// Records an operation applied to another target (SCIM) and its ledger change in one
    /// transaction: create, adopt, update and reactivate tie the identity to `accountKey` and clear
    /// `goneSince`; delete forgets the entry; deactivate leaves the ledger alone. A re-link
    /// (`changes.identity_from`) also forgets the previous identity's entry. `before` and
    /// `after` are what the target showed, when known; `after` otherwise follows from the op.
    public func recordApplied(
        _ op: AccountOperation, accountKey: String, runID: Int64, at: Date, before: Account? = nil,
        after: Account? = nil
    ) throws {
        try write("recording \(op.action.rawValue) of '\(op.username)'") { db in
            try Self.insertApplied(db, op, accountKey: accountKey, runID: runID, at: at.databaseValue, before: before, after: after)
        }
    }

    /// Records a chunk a remote target finished, applied and failed operations alike, in one
    /// transaction: a chunk of thousands costs one commit, not thousands.
    public func record(_ entries: [JournalEntry], runID: Int64, at: Date) throws {
        try write("recording \(entries.count) operations") { db in
            let at = at.databaseValue
            for entry in entries {
                switch entry {
                case .applied(let op, let key, let before, let after):
                    try Self.insertApplied(db, op, accountKey: key, runID: runID, at: at, before: before, after: after)
                case .failed(let op, let reason):
                    try Self.insertFailure(db, op, runID: runID, at: at, error: reason)
                }
            }
        }
    }

    private static func insertApplied(
        _ db: Database, _ op: AccountOperation, accountKey: String, runID: Int64, at: DatabaseValue, before: Account?,
        after: Account?
    ) throws {
        var after = after
        switch op.action {
        case .create, .adopt, .update, .reactivate:
            if let identity = op.identity { try Ledger.upsertPresent(db, identity: identity, key: accountKey) }
            let status: AccountStatus = op.action == .update ? before?.status ?? .active : .active
            after = after ?? OperationApplier.state(of: op, key: accountKey, base: before, status: status)
        case .deactivate:
            if let identity = op.identity, op.changes?.identityFrom != nil {
                try Ledger.upsertPresent(db, identity: identity, key: accountKey)
            }
            after = after ?? before?.deactivated(by: op)
        case .delete:
            try Ledger.remove(db, identity: op.identity, accountKey: accountKey)
            after = nil
        }
        var note: String? = nil
        if let from = op.changes?.identityFrom, op.action != .delete {
            try Ledger.remove(db, identity: from, accountKey: nil)
            note = "re-linked from \(from)"
        }
        try AuditLog.insert(
            db, op, runID: runID, at: at, accountKey: accountKey, before: before, after: after,
            result: AuditRecord.applied, error: nil, note: note)
    }

    private static func insertFailure(_ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue, error: String)
        throws
    {
        // A failed create names no account (not even one holding its username) unless a
        // replay finds its identity already managed.
        let key =
            op.action == .create
            ? try op.identity.flatMap { try Ledger.accountKey(db, identity: $0) }
            : try OperationApplier.resolveKey(db, op)
        let before = try key.flatMap { try AccountTables.find(db, key: $0) }
        try AuditLog.insert(
            db, op, runID: runID, at: at, accountKey: key, before: before, after: nil, result: AuditRecord.failed,
            error: error)
    }
}
