import DirSyncCore
import Foundation
import GRDB

/// Carries out one operation on the embedded store's tables, its ledger change and its audit
/// line, inside the caller's transaction, so the three commit or roll back together.
enum OperationApplier {
    /// `at` is the run's timestamp, converted once by the caller (formatting a date is not free).
    static func apply(_ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue) throws -> Outcome {
        let outcome: Outcome
        switch op.action {
        case .create: outcome = try create(db, op)
        case .update: outcome = try overwrite(db, op, status: nil)
        case .reactivate: outcome = try overwrite(db, op, status: .active)
        case .deactivate: outcome = try deactivate(db, op)
        case .delete: outcome = try delete(db, op)
        }
        try AuditLog.insert(
            db, op, runID: runID, at: at, accountKey: outcome.key, before: outcome.before, after: outcome.after,
            result: AuditRecord.applied, error: nil, note: outcome.note)
        return outcome
    }

    /// What an operation did to one account.
    struct Outcome {
        var key: String
        var before: Account?
        var after: Account?
        var note: String?
    }

    private static func create(_ db: Database, _ op: AccountOperation) throws -> Outcome {
        if let identity = op.identity, let key = try Ledger.accountKey(db, identity: identity),
            let existing = try AccountTables.find(db, key: key)
        {
            // A replay after a crash: the create already committed. Converge on the op's state.
            let after = state(of: op, key: existing.key, base: existing, status: .active)
            try AccountTables.replace(db, after)
            try Ledger.upsertPresent(db, identity: identity, key: existing.key)
            return Outcome(
                key: existing.key, before: existing, after: after,
                note: "replayed create: identity already has account \(existing.key); set it to the operation's state")
        }
        let key = AccountKey.make()
        let after = state(of: op, key: key, base: nil, status: .active)
        try AccountTables.insert(db, after)
        if let identity = op.identity {
            try Ledger.upsertPresent(db, identity: identity, key: key)
        }
        return Outcome(key: key, before: nil, after: after)
    }

    /// update (status kept) and reactivate (status active): the op carries the full state.
    private static func overwrite(_ db: Database, _ op: AccountOperation, status: AccountStatus?) throws -> Outcome {
        let before = try existing(db, op)
        let after = state(of: op, key: before.key, base: before, status: status ?? before.status)
        try AccountTables.replace(db, after)
        if let identity = op.identity {
            try Ledger.upsertPresent(db, identity: identity, key: before.key)
        }
        return Outcome(key: before.key, before: before, after: after)
    }

    /// Deactivation keeps the ledger's `goneSince` as the engine set it.
    private static func deactivate(_ db: Database, _ op: AccountOperation) throws -> Outcome {
        let before = try existing(db, op)
        try ensureManaged(db, before, op)
        var after = before
        after.status = .inactive
        try AccountTables.setStatus(db, key: before.key, .inactive)
        return Outcome(key: before.key, before: before, after: after)
    }

    private static func delete(_ db: Database, _ op: AccountOperation) throws -> Outcome {
        let key = try resolveKey(db, op)
        let before = try key.flatMap { try AccountTables.find(db, key: $0) }
        if let before {
            try ensureManaged(db, before, op)
            try AccountTables.delete(db, key: before.key)
        }
        try Ledger.remove(db, identity: op.identity, accountKey: key)
        return Outcome(
            key: key ?? "", before: before, after: nil,
            note: before == nil ? "account already gone (a replayed delete); ledger entry removed" : nil)
    }

    /// The account an update, reactivate or deactivate is about; throws if it is gone.
    private static func existing(_ db: Database, _ op: AccountOperation) throws -> Account {
        if let key = try resolveKey(db, op), let account = try AccountTables.find(db, key: key) { return account }
        throw StoreError(
            "no account '\(op.username)'\(op.account.map { " (key \($0))" } ?? "") in the embedded store for this "
                + "\(op.action.rawValue); it changed since the plan was made: run `dirsync plan` again")
    }

    /// The safety net under the planner: dirsync never deactivates or deletes an account that
    /// has no ledger entry (one it neither created nor adopted).
    private static func ensureManaged(_ db: Database, _ account: Account, _ op: AccountOperation) throws {
        guard try Ledger.isManaged(db, accountKey: account.key) else {
            throw StoreError(
                "refusing to \(op.action.rawValue) '\(account.username)' (key \(account.key)): dirsync does not manage "
                    + "this account (no ledger entry); it never deactivates or deletes accounts it did not create or adopt"
            )
        }
    }

    /// The account key an operation names: its `account`, else its identity's ledger entry,
    /// else the account holding its username.
    static func resolveKey(_ db: Database, _ op: AccountOperation) throws -> String? {
        if let key = op.account { return key }
        if let identity = op.identity, let key = try Ledger.accountKey(db, identity: identity) { return key }
        return try AccountTables.key(db, username: op.username)
    }

    /// The account as the op says it should be. Fields the op leaves out keep `base`'s value.
    static func state(of op: AccountOperation, key: String, base: Account?, status: AccountStatus) -> Account {
        Account(
            key: key, username: op.username, email: op.email ?? base?.email,
            displayName: op.displayName ?? base?.displayName, status: status,
            roles: op.roles.map(sortedUnique) ?? base?.roles ?? [],
            projects: op.projects ?? base?.projects ?? [:],
            tags: op.tags.map(sortedUnique) ?? base?.tags ?? [])
    }

    /// `values` sorted without duplicates; the planner's lists already are, so usually
    /// returned as they came (no `Set`, no copy: 100k of each in a first sync).
    static func sortedUnique(_ values: [String]) -> [String] {
        for i in values.indices.dropFirst() where !(values[i - 1] < values[i]) {
            return Array(Set(values)).sorted()
        }
        return values
    }
}
