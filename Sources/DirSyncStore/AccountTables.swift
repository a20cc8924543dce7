import DirSyncCore
import Foundation
import GRDB

/// Reads and writes whole `Account` values in `accounts` (roles, projects and tags are JSON
/// columns: `AccountLists`). Every function runs inside the caller's transaction;
/// statements are cached per connection.
enum AccountTables {
    static let columns = #""key", username, email, display_name, status, roles, projects, tags"#

    /// Every account, ordered by username as the `username` column's NOCASE collation
    /// orders it.
    ///
    /// Columns are read by position as bytes (`RawRows`): decoding rows by column name took
    /// most of a no-op sync's CPU at 100k accounts (it runs beside the directory read,
    /// competing for its cores). Accounts are read in table order and sorted in memory.
    static func all(_ db: Database) throws -> [Account] {
        // Accounts are filled in place and moved out in username order: sorting the
        // accounts themselves copied each one, retaining all its strings, on every move.
        var slots: [Account?] = []
        var usernames: [String] = []
        try RawRows.forEach(db, "SELECT \(columns) FROM accounts") { row in
            let account = try self.account(row)
            usernames.append(account.username)
            slots.append(account)
        }
        return SQLiteCollationOrder.moveOut(&slots, orderedBy: usernames, foldingASCIICase: true)
    }

    static func find(_ db: Database, key: String) throws -> Account? {
        var found: Account?
        try RawRows.forEach(db, #"SELECT \#(columns) FROM accounts WHERE "key" = ?"#, key) { row in
            found = try account(row)
        }
        return found
    }

    /// The account in a row of `SELECT columns`.
    private static func account(_ row: RawRows) throws -> Account {
        let key = row.string(0)
        var roles = try AccountLists.decodeArray(row.bytes(5), "account \(key)'s roles")
        var tags = try AccountLists.decodeArray(row.bytes(7), "account \(key)'s tags")
        // Stored sorted by dirsync; sorted again in Swift's order, as `Account` promises,
        // in case the value was written by hand.
        if roles.count > 1 { roles.sort() }
        if tags.count > 1 { tags.sort() }
        return Account(
            key: key, username: row.string(1), email: row.optionalString(2), displayName: row.optionalString(3),
            status: try status(row.string(4), account: key), roles: roles,
            projects: try AccountLists.decodeProjects(row.bytes(6), "account \(key)'s projects"), tags: tags)
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
    /// `ABORT` inside the apply's savepoints, a large part of a first sync's cost.
    static func insert(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try RawWrite.run(db, "INSERT OR FAIL INTO accounts (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)") {
            $0.text(account.key)
            bindState(account, &$0)
        }
    }

    /// Overwrites the account's whole state with `account` (same key).
    static func replace(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try RawWrite.run(
            db,
            "UPDATE OR FAIL accounts SET username = ?, email = ?, display_name = ?, status = ?, roles = ?, projects = ?, "
                + #"tags = ? WHERE "key" = ?"#
        ) {
            bindState(account, &$0)
            $0.text(account.key)
        }
    }

    /// Binds every column after the key, in `columns` order.
    private static func bindState(_ account: Account, _ row: inout RawWrite) {
        row.text(account.username)
        row.text(account.email)
        row.text(account.displayName)
        row.text(account.status.rawValue)
        row.text(AccountLists.array(account.roles))
        row.text(AccountLists.projects(account.projects))
        row.text(AccountLists.array(account.tags))
    }

    static func setStatus(_ db: Database, key: String, _ status: AccountStatus) throws {
        try db.cachedStatement(sql: #"UPDATE OR FAIL accounts SET status = ? WHERE "key" = ?"#).execute(arguments: [
            status.rawValue, key,
        ])
    }

    /// Removes the account with its roles, tags and project memberships (one row since
    /// schema v2: nothing of the account can stay behind).
    static func delete(_ db: Database, key: String) throws {
        try db.cachedStatement(sql: #"DELETE FROM accounts WHERE "key" = ?"#).execute(arguments: [key])
    }

    private static func status(_ text: String, account: String) throws -> AccountStatus {
        guard let status = AccountStatus(rawValue: text) else {
            throw StoreError("state database: account \(account) has unknown status '\(text)'")
        }
        return status
    }
}
