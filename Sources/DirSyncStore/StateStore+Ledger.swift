import DirSyncCore
import Foundation
import GRDB

extension StateStore {
    /// Every managed account and whom it belongs to, sorted by identity.
    public func readLedger() throws -> [LedgerEntry] {
        try read("the ledger") { db in
            // Read raw (`RawRows`) and sorted in memory (see `SQLiteCollationOrder`): decoding rows
            // by column name and `ORDER BY identity` are each slow on a large ledger.
            var slots: [LedgerEntry?] = []
            var identities: [String] = []
            try RawRows.forEach(db, "SELECT identity, account_key, gone_since FROM ledger") { row in
                let identity = row.string(0)
                slots.append(LedgerEntry(identity: identity, accountKey: row.string(1), goneSince: try row.optionalDate(2)))
                identities.append(identity)
            }
            return SQLiteCollationOrder.moveOut(&slots, orderedBy: identities)
        }
    }

    /// Upserts entries by identity, as they are: the engine's bookkeeping (adoption of an
    /// existing account, `goneSince` set when a person disappears and cleared on return).
    public func updateLedger(_ entries: [LedgerEntry]) throws {
        guard !entries.isEmpty else { return }
        try write("updating \(entries.count) ledger entries") { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT OR FAIL INTO ledger (identity, account_key, gone_since) VALUES (?, ?, ?)
                    ON CONFLICT (identity) DO UPDATE SET account_key = excluded.account_key, gone_since = excluded.gone_since
                    """)
            for entry in entries {
                try upsert.execute(arguments: [entry.identity, entry.accountKey, entry.goneSince])
            }
        }
    }

    /// Forgets identities (e.g. an account deleted outside dirsync); unknown ones are ignored.
    public func removeLedgerEntries(identities: [String]) throws {
        guard !identities.isEmpty else { return }
        try write("removing \(identities.count) ledger entries") { db in
            for identity in identities { try Ledger.remove(db, identity: identity, accountKey: nil) }
        }
    }
}
