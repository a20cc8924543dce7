import GRDB

@testable import DirSyncStore

/// Counts the tests read straight from the state database (nothing in the product needs them).
extension StateStore {
    /// Rows in one of the schema's tables.
    func rowCount(_ table: String) throws -> Int {
        let tables: Set = ["accounts", "account_roles", "account_projects", "account_tags", "ledger", "runs", "audit"]
        guard tables.contains(table) else { throw StoreError("state database: no table '\(table)'") }
        return try read("a row count") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// The database's page size in bytes.
    func pageSize() throws -> Int {
        try read("the page size") { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
    }
}
