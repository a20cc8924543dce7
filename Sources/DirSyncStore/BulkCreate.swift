import DirSyncCore
import Foundation
import GRDB
import GRDBSQLite

/// Writes a run of `create` operations (a first sync: 100k of them) with as few SQLite
/// calls, allocations and copies as possible, inside the caller's transaction.
///
/// Why a path of its own: applied one by one, each create costs about ten statements looked
/// up in GRDB's cache, two lookups (a replayed create, a username taken) and a copy of
/// every text SQLite binds, which dominated a first sync.
/// Here the rows are prepared on another thread (`CreateRows`, `ProducerThread`), bound in place,
/// and the two lookups are left to the constraints: a ledger identity that already exists
/// (a replay) or a username already taken fails a write, and the caller rolls the whole
/// run back and applies the ops one by one, where each case is handled and explained as
/// before.
struct BulkCreate {
    private let accounts: OpaquePointer
    private let ledger: OpaquePointer
    private let audit: OpaquePointer
    /// Key bits, used on the preparing thread only (one preparation at a time).
    private let random = RandomBox()

    /// Ops per prepared part: small enough that the writer soon has work, large enough
    /// that handing parts over costs nothing.
    static let partSize = 500

    static let accountSQL =
        "INSERT OR FAIL INTO accounts (\(AccountTables.columns)) VALUES (?, ?, ?, ?, 'active', ?, ?, ?)"
    static let ledgerSQL = "INSERT OR FAIL INTO ledger (identity, account_key, gone_since) VALUES (?, ?, NULL)"
    static let auditSQL = """
        INSERT OR FAIL INTO audit (run_id, at, action, username, account_key, identity, reason, before, after, result)
        VALUES (?, ?, 'create', ?, ?, ?, ?, NULL, ?, 'applied')
        """

    init(_ db: Database) throws {
        accounts = try db.cachedStatement(sql: Self.accountSQL).sqliteStatement
        ledger = try db.cachedStatement(sql: Self.ledgerSQL).sqliteStatement
        audit = try db.cachedStatement(sql: Self.auditSQL).sqliteStatement
    }

    /// Creates an account for each op (all `create`s), with its ledger entry and audit
    /// line, and returns the new accounts in order. Throws at the first failing write, having
    /// written part of the run: the caller rolls its transaction or savepoint back.
    func apply(_ db: Database, _ ops: ArraySlice<AccountOperation>, runID: Int64, at: String) throws -> [Account] {
        defer {
            // The bound text lives in a part's buffer only while a statement steps.
            for statement in [accounts, ledger, audit] { sqlite3_clear_bindings(statement) }
        }
        let now = Date()  // keys of one run share its milliseconds: they are ordered by time only
        let starts = Array(stride(from: ops.startIndex, to: ops.endIndex, by: Self.partSize))
        let random = self.random
        let parts = ProducerThread(count: starts.count) { part in
            let start = starts[part]
            return CreateRows(ops[start..<min(start + Self.partSize, ops.endIndex)], at: at, now: now, random: &random.pool)
        }
        defer { parts.cancel() }
        var created: [Account] = []
        created.reserveCapacity(ops.count)
        for _ in starts {
            let rows = parts.next()
            try write(db, rows, runID: runID)
            created += rows.accounts
        }
        return created
    }

    private func write(_ db: Database, _ rows: CreateRows, runID: Int64) throws {
        try rows.bytes.withUnsafeBufferPointer { buffer in
            // A non-nil pointer even for an empty buffer: a nil one would bind NULL.
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                .assumingMemoryBound(to: CChar.self)
            for i in 0..<rows.count {
                let first = i * CreateRows.valuesPerOp
                try step(accounts, db, Self.accountSQL, rows, base, first, CreateRows.accountValues)
                if rows.hasLedgerRow(i) {
                    try step(ledger, db, Self.ledgerSQL, rows, base, first, CreateRows.ledgerValues)
                }
                sqlite3_bind_int64(audit, 1, runID)
                try step(audit, db, Self.auditSQL, rows, base, first, CreateRows.auditValues, firstIndex: 2)
            }
        }
    }

    /// Binds op values `values` (offsets from `first`) to parameters `firstIndex`, … and steps once.
    private func step(
        _ statement: OpaquePointer, _ db: Database, _ sql: String, _ rows: CreateRows,
        _ base: UnsafePointer<CChar>, _ first: Int, _ values: Range<Int>, firstIndex: Int32 = 1
    ) throws {
        for (offset, value) in values.enumerated() {
            let span = rows.spans[first + value]
            let index = firstIndex + Int32(offset)
            if span.count < 0 {
                sqlite3_bind_null(statement, index)
            } else {
                sqlite3_bind_text(statement, index, base + span.start, Int32(span.count), nil)  // nil: SQLITE_STATIC
            }
        }
        let rc = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard rc == SQLITE_DONE else { throw RawWrite.failure(db, rc, sql) }
    }
}

/// A `RandomPool` handed to the preparing thread (one preparation runs at a time).
private final class RandomBox: @unchecked Sendable {
    var pool = RandomPool()
}
