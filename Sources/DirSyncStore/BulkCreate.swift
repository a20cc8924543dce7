import DirSyncCore
import Foundation
import GRDB
import GRDBSQLite

/// Writes a run of `create` operations (a first sync: 100k of them) with as few SQLite
/// calls, allocations and copies as possible, inside the caller's savepoint.
///
/// Why a path of its own: applied one by one, each create cost ~10 statements looked up in
/// GRDB's cache, two lookups (a replayed create, a username taken) and a copy of every
/// text SQLite bound; a first sync at 100k accounts spent ~4 s there.
/// Here each row's text is appended to one reused buffer and bound in place, and the two
/// lookups are left to the constraints: a ledger identity that already exists (a replay)
/// or a username already taken fails a write, and the caller rolls the whole run back and
/// applies the ops one by one, where each case is handled and explained as before.
struct BulkCreate {
    private let accounts: OpaquePointer
    private let ledger: OpaquePointer
    private let audit: OpaquePointer
    private var row = BoundRow()
    private var random = RandomPool()

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
    /// line, and returns the new keys in order. Throws at the first failing write, having
    /// written part of the run: the caller rolls its savepoint back.
    mutating func apply(_ db: Database, _ ops: ArraySlice<Operation>, runID: Int64, at: String) throws -> [String] {
        defer {
            // The bound text lives in `row`'s buffer only while a statement steps.
            for statement in [accounts, ledger, audit] { sqlite3_clear_bindings(statement) }
        }
        var keys: [String] = []
        keys.reserveCapacity(ops.count)
        let now = Date()  // keys of one run share its milliseconds: they are ordered by time only
        for op in ops {
            precondition(op.action == .create, "BulkCreate applies creates only")
            let key = AccountKey.make(now: now, pool: &random)
            let account = OperationApplier.state(of: op, key: key, base: nil, status: .active)

            row.start()
            row.text(key)
            row.text(account.username)
            row.text(account.email)
            row.text(account.displayName)
            row.lists(account)
            try row.step(accounts, db, Self.accountSQL)
            if let identity = op.identity {
                row.start()
                row.text(identity)
                row.text(key)
                try row.step(ledger, db, Self.ledgerSQL)
            }
            row.start()
            row.text(at)
            row.text(op.username)
            row.text(key)
            row.text(op.identity)
            row.text(op.reason)
            row.json(account)
            sqlite3_bind_int64(audit, 1, runID)
            try row.step(audit, db, Self.auditSQL, firstIndex: 2)
            keys.append(key)
        }
        return keys
    }

}

/// One row's text values back to back in a reused buffer, bound to a statement in place
/// (SQLITE_STATIC) while it steps: no copy by SQLite, no allocation per value.
private struct BoundRow {
    private var bytes: [UInt8] = []
    /// Per parameter: start in `bytes` and length, or length -1 for NULL.
    private var spans: [(start: Int, count: Int)] = []

    init() {
        bytes.reserveCapacity(1024)
        spans.reserveCapacity(8)
    }

    mutating func start() {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    mutating func text(_ value: String?) {
        guard let value else {
            spans.append((0, -1))
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: value.utf8)
        spans.append((start, bytes.count - start))
    }

    /// The account's roles, projects and tags as three values (`AccountLists`).
    mutating func lists(_ account: Account) {
        var start = bytes.count
        AccountLists.appendArray(account.roles, to: &bytes)
        spans.append((start, bytes.count - start))
        start = bytes.count
        AccountLists.appendProjects(account.projects, to: &bytes)
        spans.append((start, bytes.count - start))
        start = bytes.count
        AccountLists.appendArray(account.tags, to: &bytes)
        spans.append((start, bytes.count - start))
    }

    /// The account's audit JSON (`AccountJSON`), written straight into the buffer.
    mutating func json(_ account: Account) {
        let start = bytes.count
        AccountJSON.append(account, to: &bytes)
        spans.append((start, bytes.count - start))
    }

    /// Binds the values to parameters `firstIndex`, `firstIndex + 1`, … and steps once.
    func step(_ statement: OpaquePointer, _ db: Database, _ sql: String, firstIndex: Int32 = 1) throws {
        let rc = bytes.withUnsafeBufferPointer { buffer -> Int32 in
            // A non-nil pointer even for an empty buffer: a nil one would bind NULL.
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                .assumingMemoryBound(to: CChar.self)
            for (offset, span) in spans.enumerated() {
                let index = firstIndex + Int32(offset)
                if span.count < 0 {
                    sqlite3_bind_null(statement, index)
                } else {
                    sqlite3_bind_text(statement, index, base + span.start, Int32(span.count), nil)  // nil: SQLITE_STATIC
                }
            }
            let rc = sqlite3_step(statement)
            sqlite3_reset(statement)
            return rc
        }
        guard rc == SQLITE_DONE else { throw RawWrite.failure(db, rc, sql) }
    }
}
