import DirSyncCore
import Foundation
import GRDB

/// Reads and writes whole `Account` values across `accounts` and its three child tables.
/// Every function runs inside the caller's transaction; statements are cached per connection.
enum AccountTables {
    /// Every account, ordered by username as the `username` column's NOCASE collation
    /// orders it.
    ///
    /// The accounts (sorted by key here) and each child table (stored in key order) are
    /// joined in lockstep, with columns read by position: grouping 540k child rows into
    /// dictionaries and decoding rows by column name took ~1.4 s of CPU at 100k accounts,
    /// most of a no-op sync (and it runs beside the directory read, competing for its
    /// cores). Accounts are read in table order and sorted in memory: `ORDER BY "key"`
    /// made SQLite look up every row through the key index.
    static func all(_ db: Database) throws -> [Account] {
        // Accounts are filled in place (`slots[i]!`), visited in key order through sorted
        // positions, and moved out in username order: sorting the accounts themselves
        // copied each one, retaining all its strings, on every move.
        var slots: [Account?] = []
        var keys = KeyArena()
        var usernames: [String] = []
        try RawRows.forEach(db, #"SELECT "key", username, email, display_name, status FROM accounts"#) { row in
            let key = row.string(0)
            let username = row.string(1)
            slots.append(
                Account(
                    key: key, username: username, email: row.optionalString(2), displayName: row.optionalString(3),
                    status: try status(row.string(4), account: key), roles: [], projects: [:], tags: []))
            keys.append(row.bytes(0))
            usernames.append(username)
        }
        let byKey = keys.sortedPositions()
        try join(db, "SELECT account_key, role FROM account_roles ORDER BY account_key, role", keys, byKey) { i, row in
            slots[i]!.roles.append(row.string(1))
        }
        try join(db, "SELECT account_key, tag FROM account_tags ORDER BY account_key, tag", keys, byKey) { i, row in
            slots[i]!.tags.append(row.string(1))
        }
        try join(db, "SELECT account_key, project, permission FROM account_projects ORDER BY account_key", keys, byKey) { i, row in
            slots[i]!.projects[row.string(1)] = try permission(row.string(2), account: slots[i]!.key)
        }
        for i in slots.indices {
            // Already in SQLite's order; sorted again in Swift's, as `Account` promises.
            if slots[i]!.roles.count > 1 { slots[i]!.roles.sort() }
            if slots[i]!.tags.count > 1 { slots[i]!.tags.sort() }
        }
        return ByteOrder.moveOut(&slots, orderedBy: usernames, foldingASCIICase: true)
    }

    /// Walks `sql`'s rows (first column the account key, ordered by it) alongside the
    /// accounts in key order (`byKey`) and hands each row with its account's position to
    /// `apply`. Keys compare as bytes, as SQLite's BINARY collation orders them, against
    /// the accounts' keys held back to back (`KeyArena`): comparing against each account's
    /// `String` was a cache miss and a reference count per row, 540k rows at 100k
    /// accounts. Rows of unknown keys are skipped.
    private static func join(
        _ db: Database, _ sql: String, _ keys: KeyArena, _ byKey: [Int], _ apply: (Int, RawRows) throws -> Void
    ) throws {
        var j = 0
        try RawRows.forEach(db, sql) { row in
            let key = row.bytes(0)
            while j < byKey.count, keys.compare(byKey[j], key) < 0 { j += 1 }
            guard j < byKey.count, keys.compare(byKey[j], key) == 0 else { return }
            try apply(byKey[j], row)
        }
    }

    static func find(_ db: Database, key: String) throws -> Account? {
        guard
            let row = try AccountRow.fetchOne(
                db.cachedStatement(
                    sql: #"SELECT "key", username, email, display_name, status FROM accounts WHERE "key" = ?"#),
                arguments: [key])
        else { return nil }
        let roles = try String.fetchAll(
            db.cachedStatement(sql: "SELECT role FROM account_roles WHERE account_key = ? ORDER BY role"),
            arguments: [key])
        let tags = try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM account_tags WHERE account_key = ? ORDER BY tag"), arguments: [key]
        )
        var projects: [String: Permission] = [:]
        let cursor = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT project, permission FROM account_projects WHERE account_key = ?"),
            arguments: [key])
        while let row = try cursor.next() {
            projects[row[0]] = try permission(row[1], account: key)
        }
        return try account(row, roles: roles, projects: projects, tags: tags)
    }

    /// The key of the account holding `username` (case-insensitively), if any.
    static func key(_ db: Database, username: String) throws -> String? {
        try RawRows.firstText(db, #"SELECT "key" FROM accounts WHERE username = ?"#, username)
    }

    /// Throws when another account already holds `username`, naming it, so nothing is written.
    static func ensureUsernameFree(_ db: Database, _ username: String, for key: String) throws {
        if let holder = try Self.key(db, username: username), holder != key {
            throw StoreError(
                "username '\(username)' is already taken by another account (key \(holder)); rename or remove that "
                    + "account, or add it to `exclude:` in the mappings")
        }
    }

    /// Single-row writes say `OR FAIL`: for one row it is `ABORT` (every constraint is
    /// checked before the row is written) without the statement journal SQLite keeps for
    /// `ABORT` inside the apply's savepoints, which cost a fifth of a first sync.
    static func insert(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try RawWrite.run(db, #"INSERT OR FAIL INTO accounts ("key", username, email, display_name, status) VALUES (?, ?, ?, ?, ?)"#) {
            $0.text(account.key)
            $0.text(account.username)
            $0.text(account.email)
            $0.text(account.displayName)
            $0.text(account.status.rawValue)
        }
        try insertChildren(db, account)
    }

    /// Overwrites the account's whole state with `account` (same key).
    static func replace(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try db.cachedStatement(
            sql: #"UPDATE OR FAIL accounts SET username = ?, email = ?, display_name = ?, status = ? WHERE "key" = ?"#
        )
        .execute(arguments: [
            account.username, account.email, account.displayName, account.status.rawValue, account.key,
        ])
        try deleteChildren(db, key: account.key)
        try insertChildren(db, account)
    }

    static func setStatus(_ db: Database, key: String, _ status: AccountStatus) throws {
        try db.cachedStatement(sql: #"UPDATE OR FAIL accounts SET status = ? WHERE "key" = ?"#).execute(arguments: [
            status.rawValue, key,
        ])
    }

    /// Removes project memberships first, then roles and tags, then the account.
    static func delete(_ db: Database, key: String) throws {
        try deleteChildren(db, key: key)
        try db.cachedStatement(sql: #"DELETE FROM accounts WHERE "key" = ?"#).execute(arguments: [key])
    }

    private static func deleteChildren(_ db: Database, key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM account_projects WHERE account_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM account_roles WHERE account_key = ?").execute(arguments: [key])
        try db.cachedStatement(sql: "DELETE FROM account_tags WHERE account_key = ?").execute(arguments: [key])
    }

    private static func insertChildren(_ db: Database, _ account: Account) throws {
        for role in account.roles {
            try RawWrite.run(db, "INSERT OR IGNORE INTO account_roles (account_key, role) VALUES (?, ?)") {
                $0.text(account.key)
                $0.text(role)
            }
        }
        for (project, permission) in account.projects {
            try RawWrite.run(
                db,
                "INSERT OR FAIL INTO account_projects (account_key, project, permission) VALUES (?, ?, ?) "
                    + "ON CONFLICT (account_key, project) DO UPDATE SET permission = excluded.permission"
            ) {
                $0.text(account.key)
                $0.text(project)
                $0.text(permission.rawValue)
            }
        }
        for tag in account.tags {
            try RawWrite.run(db, "INSERT OR IGNORE INTO account_tags (account_key, tag) VALUES (?, ?)") {
                $0.text(account.key)
                $0.text(tag)
            }
        }
    }

    private static func account(
        _ row: AccountRow, roles: [String], projects: [String: Permission], tags: [String]
    ) throws -> Account {
        return Account(
            key: row.key, username: row.username, email: row.email, displayName: row.displayName,
            status: try status(row.status, account: row.key),
            roles: roles.sorted(), projects: projects, tags: tags.sorted())
    }

    private static func status(_ text: String, account: String) throws -> AccountStatus {
        guard let status = AccountStatus(rawValue: text) else {
            throw StoreError("state database: account \(account) has unknown status '\(text)'")
        }
        return status
    }

    private static func permission(_ text: String, account: String) throws -> Permission {
        guard let permission = Permission(rawValue: text) else {
            throw StoreError("state database: account \(account) has unknown project permission '\(text)'")
        }
        return permission
    }
}

/// The accounts' keys as bytes back to back, key `i` ending at `ends[i]`: compared and
/// sorted without a `String` in sight.
struct KeyArena {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
    }

    private func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    /// Key `i` against `other`: negative, zero or positive, in byte order (BINARY).
    func compare(_ i: Int, _ other: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { all in ByteOrder.compare(UnsafeBufferPointer(rebasing: all[range(i)]), other) }
    }

    /// Positions in key order.
    func sortedPositions() -> [Int] {
        bytes.withUnsafeBufferPointer { all in
            ends.indices.sorted { a, b in
                ByteOrder.compare(UnsafeBufferPointer(rebasing: all[range(a)]), UnsafeBufferPointer(rebasing: all[range(b)])) < 0
            }
        }
    }
}
