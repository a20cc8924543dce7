import Foundation
import GRDB
import GRDBSQLite

/// Runs a cached single-row write through SQLite's C API, binding its values directly.
///
/// Why: a first sync writes several rows per account, and building GRDB's
/// `StatementArguments` (an array of boxed values per row) for each was a large part of
/// the apply.
/// The statement comes from GRDB's cache and runs inside GRDB's transaction, as with
/// `RawRows`; a failure throws GRDB's `DatabaseError` with SQLite's message, as GRDB's own
/// `execute` would, so callers see the same errors.
struct RawWrite {
    private let statement: OpaquePointer
    private var index: Int32 = 1

    /// Prepares (or reuses) `sql`, binds through `bind`, and steps it once.
    static func run(_ db: Database, _ sql: String, _ bind: (inout RawWrite) -> Void) throws {
        let cached = try db.cachedStatement(sql: sql)
        var write = RawWrite(statement: cached.sqliteStatement)
        sqlite3_reset(write.statement)
        sqlite3_clear_bindings(write.statement)
        bind(&write)
        let rc = sqlite3_step(write.statement)
        sqlite3_reset(write.statement)
        guard rc == SQLITE_DONE else { throw failure(db, rc, sql) }
    }

    /// The error GRDB's own `execute` would throw for result code `rc`.
    static func failure(_ db: Database, _ rc: Int32, _ sql: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
    }

    private init(statement: OpaquePointer) { self.statement = statement }

    /// Binds the next parameter to `text` (NULL for nil).
    mutating func text(_ text: String?) {
        if let text { Self.bind(text, to: statement, at: index) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    /// Binds the next parameter to `value`.
    mutating func integer(_ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
        index += 1
    }

    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds parameter `index` of `statement` to `text`'s bytes (SQLITE_TRANSIENT: SQLite
    /// copies them before this returns).
    static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) {
        func bind(_ bytes: UnsafeBufferPointer<UInt8>) {
            // A non-nil pointer even for "": a nil one would bind NULL.
            let start = UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
            sqlite3_bind_text(statement, index, start, Int32(bytes.count), transient)
        }
        if text.utf8.withContiguousStorageIfAvailable(bind) == nil { Array(text.utf8).withUnsafeBufferPointer(bind) }
    }
}
