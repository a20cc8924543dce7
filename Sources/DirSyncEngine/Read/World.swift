import DirSyncCore
import Foundation

/// Everything a plan is computed from: the merged directory, the target's accounts and the
/// ledger, read completely before any decision is made.
public struct World: Sendable {
    /// Sources that returned no users at all: while accounts are managed, that looks like a
    /// broken read rather than everyone leaving, so the guard refuses.
    public var emptySources: [String]
    public var index: PeopleIndex
    /// The target's accounts and the ledger, indexed for the planner (built while the
    /// directory was merged).
    public var target: TargetIndex
    public var accounts: [Account] { target.accounts }
    public var ledger: [LedgerEntry] { target.ledger }
    /// The snapshots the index was built from. Kept with it on purpose: they share the
    /// index's strings (little extra memory, since member DNs arrive resolved), and
    /// releasing every entry in the middle of a run costs time for nothing; they go with
    /// the world.
    public var snapshots: [DirectorySnapshot]

    public init(emptySources: [String], index: PeopleIndex, target: TargetIndex, snapshots: [DirectorySnapshot] = []) {
        self.emptySources = emptySources
        self.index = index
        self.target = target
        self.snapshots = snapshots
    }
}
