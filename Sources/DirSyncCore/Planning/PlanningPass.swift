import Foundation

/// The mutable work of one `Planner.plan` call: lookups built once, operations and ledger
/// updates collected as people are reconciled, then the managed accounts nobody claimed.
struct PlanningPass {
    let accountsByKey: [String: Account]
    let ledger: [LedgerEntry]
    let ledgerByIdentity: [String: LedgerEntry]
    let unmanagedByMatchKey: [String: Account]
    let lifecycle: LifecycleSettings
    let now: Date

    var operations: [Operation] = []
    var ledgerUpdates: [LedgerEntry] = []
    var warnings: [String] = []
    var presentIdentities: Set<String> = []
    var claimedAccounts: Set<String> = []
    var adopted: Set<String> = []

    init(accounts: [Account], ledger: [LedgerEntry], matchBy: MatchBy, lifecycle: LifecycleSettings, now: Date) {
        var byKey: [String: Account] = [:]
        for account in accounts where byKey[account.key] == nil { byKey[account.key] = account }
        self.accountsByKey = byKey
        self.ledger = ledger.sorted { ($0.identity, $0.accountKey) < ($1.identity, $1.accountKey) }
        var byIdentity: [String: LedgerEntry] = [:]
        for entry in self.ledger where byIdentity[entry.identity] == nil { byIdentity[entry.identity] = entry }
        self.ledgerByIdentity = byIdentity
        let managed = Set(ledger.map(\.accountKey))
        var unmanaged: [String: Account] = [:]
        for account in accounts.sorted(by: { $0.key < $1.key }) where !managed.contains(account.key) {
            guard let raw = matchBy == .email ? account.email : account.username else { continue }
            let key = MatchBy.normalize(raw)
            if !key.isEmpty, unmanaged[key] == nil { unmanaged[key] = account }
        }
        self.unmanagedByMatchKey = unmanaged
        self.lifecycle = lifecycle
        self.now = now
    }

    /// Plans one person present in the sources.
    mutating func reconcile(_ decision: Decision) {
        let person = decision.person
        presentIdentities.formUnion(person.identities)
        let byIdentity = ledgerByIdentity
        let entry = person.identities.lazy.compactMap { byIdentity[$0] }.first
        if let entry { claimedAccounts.insert(entry.accountKey) }
        if decision.scope.isExcluded { return }

        if let entry {
            if entry.goneSince != nil {
                ledgerUpdates.append(LedgerEntry(identity: entry.identity, accountKey: entry.accountKey, goneSince: nil))
            }
            if let account = accountsByKey[entry.accountKey] {
                reconcile(decision, with: account, identity: entry.identity, adopting: false)
            } else if decision.scope.isInScope {
                warnings.append(
                    "account '\(entry.accountKey)' of \(entry.identity) no longer exists in the target; creating it again")
                let desired = DesiredAccount(decision)
                operations.append(desired.operation(.create, reason: decision.scope.reason, identity: entry.identity, account: nil))
            }
            return
        }

        guard decision.scope.isInScope, let identity = person.identities.first else { return }
        if let account = unmanagedByMatchKey[person.key], !adopted.contains(account.key) {
            adopted.insert(account.key)
            claimedAccounts.insert(account.key)
            ledgerUpdates.append(LedgerEntry(identity: identity, accountKey: account.key))
            reconcile(decision, with: account, identity: identity, adopting: true)
        } else {
            let desired = DesiredAccount(decision)
            operations.append(desired.operation(.create, reason: decision.scope.reason, identity: identity, account: nil))
        }
    }

    mutating func reconcile(_ decision: Decision, with account: Account, identity: String, adopting: Bool) {
        guard decision.scope.isInScope else {
            if account.status == .active {
                operations.append(
                    Operation(
                        action: .deactivate, username: account.username, email: account.email,
                        reason: decision.scope.reason, identity: identity, account: account.key))
            }
            return
        }
        let desired = DesiredAccount(decision)
        let changes = AccountDiff.changes(from: account, to: desired)
        let reason = adopting ? "adopted existing account; \(decision.scope.reason)" : decision.scope.reason
        if account.status == .inactive {
            operations.append(
                desired.operation(.reactivate, changes: changes.isEmpty ? nil : changes, reason: reason, identity: identity, account: account.key))
        } else if !changes.isEmpty {
            operations.append(desired.operation(.update, changes: changes, reason: reason, identity: identity, account: account.key))
        }
    }

    /// Managed accounts whose person is in no source any more: deactivate at once, delete after the grace.
    mutating func retireGone() {
        var seen: Set<String> = []
        for entry in ledger where !presentIdentities.contains(entry.identity) && !claimedAccounts.contains(entry.accountKey) {
            guard seen.insert(entry.accountKey).inserted, let account = accountsByKey[entry.accountKey] else { continue }
            if case .after(let seconds) = lifecycle.deleteAfter, seconds <= 0 {
                operations.append(gone(.delete, account, entry, reason: "not in any source; delete_after 0"))
                continue
            }
            let since = entry.goneSince ?? now
            if entry.goneSince == nil {
                ledgerUpdates.append(LedgerEntry(identity: entry.identity, accountKey: entry.accountKey, goneSince: now))
            }
            if account.status == .active {
                operations.append(gone(.deactivate, account, entry, reason: "not in any source"))
            } else if case .after(let seconds) = lifecycle.deleteAfter, now.timeIntervalSince(since) >= seconds {
                let reason = "gone since \(PlanDates.day(since)), delete_after \(PlanDates.duration(seconds))"
                operations.append(gone(.delete, account, entry, reason: reason))
            }
        }
    }

    func gone(_ action: Operation.Action, _ account: Account, _ entry: LedgerEntry, reason: String) -> Operation {
        Operation(action: action, username: account.username, email: account.email, reason: reason, identity: entry.identity, account: account.key)
    }

    func result(warnings inherited: [String]) -> PlanningResult {
        let sorted = operations.sorted {
            ($0.action, $0.username, $0.account ?? "", $0.identity ?? "") < ($1.action, $1.username, $1.account ?? "", $1.identity ?? "")
        }
        let updates = ledgerUpdates.sorted { ($0.identity, $0.accountKey) < ($1.identity, $1.accountKey) }
        return PlanningResult(plan: Plan(operations: sorted, warnings: inherited + warnings), ledgerUpdates: updates)
    }
}

/// How plan reasons write dates and durations.
enum PlanDates {
    /// `yyyy-MM-dd` in UTC.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year!)-\(pad(c.month!))-\(pad(c.day!))"
    }

    /// A duration the way the config writes it: `30d`, `12h`, `15m`, `90s`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s != 0 && s % 86_400 == 0 { return "\(s / 86_400)d" }
        if s != 0 && s % 3_600 == 0 { return "\(s / 3_600)h" }
        if s != 0 && s % 60 == 0 { return "\(s / 60)m" }
        return "\(s)s"
    }
}
