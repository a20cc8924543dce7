import DirSyncCore
import Foundation
import GRDB

/// Carries out one operation on the embedded store's tables, its ledger change and its audit
/// line, inside the caller's transaction, so the three commit or roll back together.
enum OperationApplier {
    /// `at` is the run's timestamp, converted once by the caller (formatting a date is not free).
    static func apply(_ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue) throws -> Outcome {
        var outcome: Outcome
        switch op.action {
        case .create: outcome = try create(db, op)
        case .adopt: outcome = try adopt(db, op)
        case .update: outcome = try overwrite(db, op, status: nil)
        case .reactivate: outcome = try overwrite(db, op, status: .active)
        case .deactivate: outcome = try deactivate(db, op)
        case .delete: outcome = try delete(db, op, runID: runID, at: at)
        }
        if let from = op.changes?.identityFrom, let identity = op.identity, op.action != .delete {
            // A returning person's new entry takes over the account's ledger entry.
            try Ledger.remove(db, identity: from, accountKey: nil)
            try Ledger.upsertPresent(db, identity: identity, key: outcome.key)
            outcome.note = [outcome.note, "re-linked from \(from)"].compactMap { $0 }.joined(separator: "; ")
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

    /// Takes an existing account under management: its ledger entry, the op's state (active:
    /// its person is in scope) and the audit line, in the caller's one transaction.
    private static func adopt(_ db: Database, _ op: AccountOperation) throws -> Outcome {
        let before = try existing(db, op)
        if let identity = op.identity, let owner = try Ledger.identity(db, accountKey: before.key), owner != identity {
            throw StoreError(
                "refusing to adopt '\(before.username)' (key \(before.key)) for \(identity): dirsync already manages it "
                    + "for \(owner); it changed since the plan was made: run `dirsync plan` again")
        }
        let after = state(of: op, key: before.key, base: before, status: .active)
        try AccountTables.replace(db, after)
        if let identity = op.identity {
            try Ledger.upsertPresent(db, identity: identity, key: before.key)
        }
        return Outcome(key: before.key, before: before, after: after)
    }

    /// Deactivation keeps the ledger's `goneSince` as the engine set it, and removes the
    /// project memberships the op lists (`on_deactivate: remove_projects`).
    private static func deactivate(_ db: Database, _ op: AccountOperation) throws -> Outcome {
        let before = try existing(db, op)
        try ensureManaged(db, before, op)
        let after = before.deactivated(by: op)
        if op.changes?.projectsRemoved.isEmpty ?? true {
            try AccountTables.setStatus(db, key: before.key, .inactive)
        } else {
            try AccountTables.replace(db, after)
        }
        return Outcome(key: before.key, before: before, after: after)
    }

    /// Removes the account's project memberships first, as an audit line of its own (the
    /// application's projects lose the member before the account goes), then the account.
    private static func delete(_ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue) throws -> Outcome {
        let key = try resolveKey(db, op)
        var before = try key.flatMap { try AccountTables.find(db, key: $0) }
        if let account = before {
            try ensureManaged(db, account, op)
            if !account.projects.isEmpty {
                var withoutProjects = account
                withoutProjects.projects = [:]
                try AccountTables.replace(db, withoutProjects)
                try AuditLog.insert(
                    db, op, runID: runID, at: at, accountKey: account.key, before: account, after: withoutProjects,
                    result: AuditRecord.applied, error: nil,
                    note: "project memberships removed before the delete: \(account.projects.keys.sorted().joined(separator: ", "))")
                before = withoutProjects
            }
            try AccountTables.delete(db, key: account.key)
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

    /// The account as the op says it should be. The op carries the complete state, so an
    /// email or display name it leaves out is cleared (keeping `base`'s made every sync plan
    /// the same clearing again); roles, projects and tags it leaves out keep `base`'s value.
    static func state(of op: AccountOperation, key: String, base: Account?, status: AccountStatus) -> Account {
        Account(
            key: key, username: op.username, email: op.email,
            displayName: op.displayName, status: status,
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
