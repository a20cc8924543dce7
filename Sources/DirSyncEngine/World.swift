import DirSyncCore
import Foundation

/// Everything a plan is computed from: the merged directory, the target's accounts and the
/// ledger, read completely before any decision is made.
public struct World: Sendable {
    public var snapshots: [DirectorySnapshot]
    public var index: PeopleIndex
    public var accounts: [Account]
    public var ledger: [LedgerEntry]

    public init(snapshots: [DirectorySnapshot], index: PeopleIndex, accounts: [Account], ledger: [LedgerEntry]) {
        self.snapshots = snapshots
        self.index = index
        self.accounts = accounts
        self.ledger = ledger
    }

    /// Sources that returned no users at all: while accounts are managed, that looks like a
    /// broken read rather than everyone leaving, so the guard refuses.
    public var emptySources: [String] { snapshots.filter { $0.users.isEmpty }.map(\.source) }

    /// Accounts that dirsync manages (those the ledger points at).
    public var managedCount: Int {
        let keys = Set(accounts.map(\.key))
        return Set(ledger.map(\.accountKey)).intersection(keys).count
    }
}
