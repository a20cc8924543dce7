import DirSyncCore
import Foundation

/// The rows `BulkCreate` writes for a run of creates, prepared ahead: each op's account,
/// ledger and audit values as UTF-8 back to back in one buffer, bound to SQLite's
/// statements in place (SQLITE_STATIC) without a copy or an allocation per value.
///
/// Why prepared apart from the writes: building a create's account, its JSON and its key
/// is a noticeable part of a first sync's apply; made on another thread while
/// SQLite writes the previous rows (`ProducerThread`), it costs the apply nothing.
struct CreateRows: Sendable {
    /// Values per op, in this order: the account row (`accountValues`), the ledger row
    /// (`ledgerValues`: identity, key; identity NULL when the op has none), the audit row
    /// (`auditValues`: at, username, key, identity, reason, account JSON).
    static let accountValues = 0..<7
    static let ledgerValues = 7..<9
    static let auditValues = 9..<15
    static let valuesPerOp = 15

    private(set) var bytes: [UInt8] = []
    /// Per value: start in `bytes` and length, or length -1 for NULL.
    private(set) var spans: [(start: Int, count: Int)] = []
    /// Each op's account as created, in order.
    private(set) var accounts: [Account] = []

    var count: Int { accounts.count }

    /// The rows of `ops` (all creates), with new keys from `random`.
    init(_ ops: ArraySlice<AccountOperation>, at: String, now: Date, random: inout RandomPool) {
        bytes.reserveCapacity(ops.count * 700)
        spans.reserveCapacity(ops.count * Self.valuesPerOp)
        accounts.reserveCapacity(ops.count)
        for op in ops {
            precondition(op.action == .create, "BulkCreate applies creates only")
            let key = AccountKey.make(now: now, pool: &random)
            let account = OperationApplier.state(of: op, key: key, base: nil, status: .active)
            // accounts ("key", username, email, display_name, roles, projects, tags)
            text(key)
            text(account.username)
            text(account.email)
            text(account.displayName)
            value { AccountLists.appendArray(account.roles, to: &$0) }
            value { AccountLists.appendProjects(account.projects, to: &$0) }
            value { AccountLists.appendArray(account.tags, to: &$0) }
            // ledger (identity, account_key)
            text(op.identity)
            text(key)
            // audit (at, username, account_key, identity, reason, after)
            text(at)
            text(op.username)
            text(key)
            text(op.identity)
            text(op.reason)
            value { AccountJSON.append(account, to: &$0) }
            accounts.append(account)
        }
    }

    /// Whether op `i` has a ledger row (an identity).
    func hasLedgerRow(_ i: Int) -> Bool {
        spans[i * Self.valuesPerOp + Self.ledgerValues.lowerBound].count >= 0
    }

    private mutating func text(_ value: String?) {
        guard let value else {
            spans.append((0, -1))
            return
        }
        let start = bytes.count
        bytes.append(contentsOf: value.utf8)
        spans.append((start, bytes.count - start))
    }

    private mutating func value(_ write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        spans.append((start, bytes.count - start))
    }
}
