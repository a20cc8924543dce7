import Foundation

/// The target's accounts and the ledger, with the lookups the planner joins people to
/// them by: built once per run from what the target read, before any decision is made.
///
/// A type of its own so that the engine can build it on one core while the directory is
/// merged into people on the other (the two cost about the same).
public struct TargetIndex: Sendable {
    public let accounts: [Account]
    public let ledger: [LedgerEntry]
    public let matchBy: MatchBy
    /// Identity → position in `ledger` (for a duplicated identity, the entry with the smaller account key).
    let ledgerIndex: KeyTable
    /// Per ledger entry: position of its account in `accounts`, or -1 when the target lost it.
    let ledgerAccount: [Int]
    /// Per ledger entry: the position `ledgerIndex` holds for its identity (itself, unless
    /// the identity is duplicated), so that no identity is looked up twice.
    let canonicalEntry: [Int32]
    /// Per account: whether a ledger entry points at it.
    let managed: [Bool]
    /// Match key → position of an account no ledger entry points at (adoption candidates).
    let unmanagedByMatchKey: [String: Int]
    /// `externalId` → position of an account no ledger entry points at: accounts a killed
    /// run created for that identity but never recorded, adopted before any match-key match.
    let unmanagedByExternalID: [String: Int]

    public init(accounts: [Account], ledger: [LedgerEntry], matchBy: MatchBy) {
        // Byte-keyed tables (`KeyTable`): `Dictionary<String, Int>` spent most of its time
        // comparing keys that share long prefixes.
        var accountIndex = KeyTable(capacity: accounts.count)
        for i in accounts.indices { accountIndex.insertIfAbsent(exact: accounts[i].key, Int32(i)) }
        var ledgerIndex = KeyTable(capacity: ledger.count)
        var ledgerAccount = [Int](repeating: -1, count: ledger.count)
        var managed = [Bool](repeating: false, count: accounts.count)
        var canonical = [Int32](repeating: -1, count: ledger.count)
        var duplicated = false
        for li in ledger.indices {
            if let existing = ledgerIndex.insertIfAbsent(exact: ledger[li].identity, Int32(li)) {
                duplicated = true
                if ledger[li].accountKey < ledger[Int(existing)].accountKey {
                    ledgerIndex.replaceValue(exact: ledger[li].identity, with: Int32(li))
                }
            }
            if let ai = accountIndex.value(forExact: ledger[li].accountKey) {
                ledgerAccount[li] = Int(ai)
                managed[Int(ai)] = true
            }
        }
        for li in ledger.indices {
            // Read back once all are in: a duplicate may have replaced the first holder.
            canonical[li] = duplicated ? ledgerIndex.value(forExact: ledger[li].identity)! : Int32(li)
        }
        var unmanaged: [String: Int] = [:]
        var unmanagedByExternalID: [String: Int] = [:]
        // By index: `accounts.enumerated()` copied every account (a reference count per
        // field) to look at the few unmanaged ones.
        for i in accounts.indices where !managed[i] {
            if let external = accounts[i].externalID, !external.isEmpty,
               unmanagedByExternalID[external].map({ accounts[i].key < accounts[$0].key }) ?? true {
                unmanagedByExternalID[external] = i
            }
            guard let raw = matchBy == .email ? accounts[i].email : accounts[i].username else { continue }
            let key = MatchBy.normalize(raw)
            // Two unmanaged accounts with one key: the smaller target key wins, whatever the order read.
            if !key.isEmpty, (unmanaged[key].map { accounts[i].key < accounts[$0].key } ?? true) { unmanaged[key] = i }
        }
        self.accounts = accounts
        self.ledger = ledger
        self.ledgerIndex = ledgerIndex
        self.ledgerAccount = ledgerAccount
        self.canonicalEntry = canonical
        self.managed = managed
        self.unmanagedByMatchKey = unmanaged
        self.unmanagedByExternalID = unmanagedByExternalID
        self.matchBy = matchBy
    }
}
