import DirSyncCore
import Foundation
import GRDB

/// Reads and writes whole `Account` values across `accounts` and its three child tables.
/// Every function runs inside the caller's transaction; statements are cached per connection.
enum AccountTables {
    static func all(_ db: Database) throws -> [Account] {
        var roles: [String: [String]] = [:]
        let roleRows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT account_key, role FROM account_roles ORDER BY account_key, role"))
        while let row = try roleRows.next() {
            roles[row[0], default: []].append(row[1])
        }
        var tags: [String: [String]] = [:]
        let tagRows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT account_key, tag FROM account_tags ORDER BY account_key, tag"))
        while let row = try tagRows.next() {
            tags[row[0], default: []].append(row[1])
        }
        var projects: [String: [String: Permission]] = [:]
        let projectRows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT account_key, project, permission FROM account_projects"))
        while let row = try projectRows.next() {
            projects[row[0], default: [:]][row[1]] = try permission(row[2], account: row[0])
        }
        return try AccountRow.order(AccountRow.Columns.username).fetchAll(db).map { row in
            try account(row, roles: roles[row.key] ?? [], projects: projects[row.key] ?? [:], tags: tags[row.key] ?? [])
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
        try String.fetchOne(
            db.cachedStatement(sql: #"SELECT "key" FROM accounts WHERE username = ?"#), arguments: [username])
    }

    /// Throws when another account already holds `username`, naming it, so nothing is written.
    static func ensureUsernameFree(_ db: Database, _ username: String, for key: String) throws {
        if let holder = try Self.key(db, username: username), holder != key {
            throw StoreError(
                "username '\(username)' is already taken by another account (key \(holder)); rename or remove that "
                    + "account, or add it to `exclude:` in the mappings")
        }
    }

    static func insert(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try db.cachedStatement(
            sql: #"INSERT INTO accounts ("key", username, email, display_name, status) VALUES (?, ?, ?, ?, ?)"#
        )
        .execute(arguments: [
            account.key, account.username, account.email, account.displayName, account.status.rawValue,
        ])
        try insertChildren(db, account)
    }

    /// Overwrites the account's whole state with `account` (same key).
    static func replace(_ db: Database, _ account: Account) throws {
        try ensureUsernameFree(db, account.username, for: account.key)
        try db.cachedStatement(
            sql: #"UPDATE accounts SET username = ?, email = ?, display_name = ?, status = ? WHERE "key" = ?"#
        )
        .execute(arguments: [
            account.username, account.email, account.displayName, account.status.rawValue, account.key,
        ])
        try deleteChildren(db, key: account.key)
        try insertChildren(db, account)
    }

    static func setStatus(_ db: Database, key: String, _ status: AccountStatus) throws {
        try db.cachedStatement(sql: #"UPDATE accounts SET status = ? WHERE "key" = ?"#).execute(arguments: [
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
        let roleStatement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO account_roles (account_key, role) VALUES (?, ?)")
        for role in account.roles { try roleStatement.execute(arguments: [account.key, role]) }
        let projectStatement = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO account_projects (account_key, project, permission) VALUES (?, ?, ?)")
        for (project, permission) in account.projects {
            try projectStatement.execute(arguments: [account.key, project, permission.rawValue])
        }
        let tagStatement = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO account_tags (account_key, tag) VALUES (?, ?)")
        for tag in account.tags { try tagStatement.execute(arguments: [account.key, tag]) }
    }

    private static func account(
        _ row: AccountRow, roles: [String], projects: [String: Permission], tags: [String]
    ) throws -> Account {
        guard let status = AccountStatus(rawValue: row.status) else {
            throw StoreError("state database: account \(row.key) has unknown status '\(row.status)'")
        }
        return Account(
            key: row.key, username: row.username, email: row.email, displayName: row.displayName, status: status,
            roles: roles.sorted(), projects: projects, tags: tags.sorted())
    }

    private static func permission(_ text: String, account: String) throws -> Permission {
        guard let permission = Permission(rawValue: text) else {
            throw StoreError("state database: account \(account) has unknown project permission '\(text)'")
        }
        return permission
    }
}
