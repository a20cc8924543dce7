import Foundation
import GRDB
import GRDBSQLite

/// Steps a cached statement through SQLite's C API, for the few reads that fetch every
/// row of a 100k-row table (the accounts, the ledger).
///
/// Why not GRDB's `Row`: each column read through it builds a `DatabaseValue` and then a
/// `String`, and for a large table that was most of a no-op sync's CPU. Here a text column is read as bytes in place (valid until the
/// next step) and becomes a `String` only where one is kept. Statements come from GRDB's
/// cache and run inside GRDB's access to the database, as its documentation allows.
struct RawRows {
    let statement: OpaquePointer

    /// Runs `sql` (with `parameter` bound to its one `?`, if given) and calls `body` once per row.
    static func forEach(
        _ db: Database, _ sql: String, _ parameter: String? = nil, _ body: (RawRows) throws -> Void
    ) throws {
        let cached = try db.cachedStatement(sql: sql)
        let statement = cached.sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        if let parameter { RawWrite.bind(parameter, to: statement, at: 1) }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw StoreError("state database: reading with \(sql) failed: \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
            }
            try body(RawRows(statement: statement))
        }
    }

    /// The first column of the first row of `sql` with one text parameter, as text; nil when
    /// there is no row (or the value is NULL). For the per-operation lookups of an apply.
    static func firstText(_ db: Database, _ sql: String, _ parameter: String) throws -> String? {
        let statement = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(statement)
        defer { sqlite3_reset(statement) }
        RawWrite.bind(parameter, to: statement, at: 1)
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { return nil }
        guard rc == SQLITE_ROW else { throw RawWrite.failure(db, rc, sql) }
        return RawRows(statement: statement).optionalString(0)
    }

    /// Column `i`'s text as bytes, valid until the next row; empty for NULL.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let text = sqlite3_column_text(statement, i) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, i)))
    }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

    func string(_ i: Int32) -> String { String(decoding: bytes(i), as: UTF8.self) }

    func optionalString(_ i: Int32) -> String? { isNull(i) ? nil : string(i) }

    /// Column `i` as GRDB stores dates, or nil for NULL.
    func optionalDate(_ i: Int32) throws -> Date? {
        guard !isNull(i) else { return nil }
        guard let date = Date.fromDatabaseValue(DatabaseValue(sqliteStatement: statement, index: i)) else {
            throw StoreError("state database: '\(string(i))' is not a date")
        }
        return date
    }
}
