import DirSyncCore
import Foundation
import GRDB

extension StateStore {
    /// Every managed account and whom it belongs to, sorted by identity.
    public func readLedger() throws -> [LedgerEntry] {
        try read("the ledger") { db in
            try LedgerRow.order(LedgerRow.Columns.identity).fetchAll(db).map(\.entry)
        }
    }

    /// Upserts entries by identity, as they are: the engine's bookkeeping (adoption of an
    /// existing account, `goneSince` set when a person disappears and cleared on return).
    public func updateLedger(_ entries: [LedgerEntry]) throws {
        guard !entries.isEmpty else { return }
        try write("updating \(entries.count) ledger entries") { db in
            for entry in entries { try LedgerRow(entry).upsert(db) }
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
