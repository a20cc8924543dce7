import Foundation

/// The mutable work of one `Planner.plan` call: the target's lookups (`TargetIndex`),
/// operations and ledger updates collected as people are reconciled, then the managed
/// accounts nobody claimed.
///
/// Accounts and ledger entries are tracked by position with flag arrays: no accounts are
/// copied.
struct PlanningPass {
    /// The accounts, the ledger and their lookups.
    let target: TargetIndex
    let lifecycle: LifecycleSettings
    let now: Date

    var excludes: [(rule: ExcludeRule, glob: Glob)] = []
    /// Match key → ledger position of a managed account whose person is in no source: a
    /// person who comes back under a new entry (a new entryUUID) is re-linked to it.
    var orphanedByMatchKey: [String: Int] = [:]
    var ledgerRemovals: [String] = []
    /// Optional so that `result` can move each one out in plan order; nil slots are
    /// skipped (`creates` leaves one per person it plans nothing for).
    var operations: [AccountOperation?] = []
    var ledgerUpdates: [LedgerEntry] = []
    var warnings: [String] = []
    /// Per ledger entry: its identity belongs to a person present in some source.
    var presentEntry: [Bool]
    /// Per account: claimed by a present person (through the ledger or by adoption).
    var claimedAccount: [Bool]
    /// Match key → the held entry (`source 'corp': DN`) whose managed account has that key:
    /// a person who has it gets no second account beside the held one.
    var heldByMatchKey: [String: String] = [:]

    init(target: TargetIndex, lifecycle: LifecycleSettings, now: Date) {
        self.target = target
        self.lifecycle = lifecycle
        self.now = now
        presentEntry = [Bool](repeating: false, count: target.ledger.count)
        claimedAccount = [Bool](repeating: false, count: target.accounts.count)
    }

    /// Finds each decision's ledger entry (the first of its entries' identities that the
    /// ledger knows, or -1) and marks every entry whose identity belongs to a present
    /// person. Call once, before `findOrphans` and `reconcile`. With an empty ledger (a
    /// first sync) nothing is looked up and no identity text is built.
    mutating func locate(_ decisions: [Decision]) -> [Int] {
        guard target.ledgerIndex.count > 0 else { return [Int](repeating: -1, count: decisions.count) }
        // On every core: a lookup per entry, independent of the others. Identities are
        // assembled in one reused buffer per worker (`source:id`), not as 100k strings;
        // decisions and entries are read in place, not copied.
        let ledgerIndex = target.ledgerIndex
        let parts = Parallel.chunks(decisions.count) { range in
            var located = [Int](repeating: -1, count: range.count)
            var present: [Int32] = []
            var identity: [UInt8] = []
            decisions.withUnsafeBufferPointer { decisions in
                for d in range {
                    let entries = decisions[d].person.entries
                    for e in entries.indices {
                        identity.removeAll(keepingCapacity: true)
                        entries[e].appendIdentity(to: &identity)
                        guard let li = identity.withUnsafeBufferPointer({ ledgerIndex.value(forKeyBytes: $0) }) else { continue }
                        present.append(li)
                        if located[d - range.lowerBound] < 0 { located[d - range.lowerBound] = Int(li) }
                    }
                }
            }
            return (located, present)
        }
        var located: [Int] = []
        located.reserveCapacity(decisions.count)
        for (part, present) in parts {
            located += part
            for li in present { presentEntry[Int(li)] = true }
        }
        return located
    }

    /// Per decision: whether its person's managed account already matches the decision
    /// exactly (active, in scope, not excluded, not marked gone, no difference), so that
    /// `reconcile` has nothing to do but claim it. Computed on every core: on a nightly run
    /// that is nearly everyone, and the desired state and diff per person were most of the
    /// planner's time. Call after `locate`.
    func unchanged(_ decisions: [Decision], located: [Int]) -> [Bool] {
        guard !target.ledger.isEmpty else { return [Bool](repeating: false, count: decisions.count) }
        let (ledger, ledgerAccount, accounts) = (target.ledger, target.ledgerAccount, target.accounts)
        let parts = Parallel.chunks(decisions.count) { range in
            decisions.withUnsafeBufferPointer { decisions in
                range.map { d -> Bool in
                    let li = located[d]
                    guard li >= 0, ledger[li].goneSince == nil else { return false }
                    let ai = ledgerAccount[li]
                    guard ai >= 0, accounts[ai].status == .active, decisions[d].scope.isInScope else { return false }
                    return AccountDiff.changes(from: accounts[ai], to: DesiredAccount(decisions[d])).isEmpty
                }
            }
        }
        return Array(parts.joined())
    }

    /// Marks the managed accounts of held entries (present, but in no person) as present and
    /// claimed, so that nothing is planned for them: not a deactivation as "not in any
    /// source", not an update from an entry that cannot be told apart. Call after `locate`,
    /// before `findOrphans`.
    mutating func hold(_ held: [HeldEntry]) {
        guard !held.isEmpty, target.ledgerIndex.count > 0 else { return }
        for entry in held {
            guard let found = target.ledgerIndex.value(forExact: entry.user.identity) else { continue }
            let li = Int(found)
            presentEntry[li] = true
            let ledgerEntry = target.ledger[li]
            if ledgerEntry.goneSince != nil {
                ledgerUpdates.append(LedgerEntry(identity: ledgerEntry.identity, accountKey: ledgerEntry.accountKey, goneSince: nil))
            }
            let ai = target.ledgerAccount[li]
            guard ai >= 0 else { continue }
            claimedAccount[ai] = true
            guard let raw = target.matchBy == .email ? target.accounts[ai].email : target.accounts[ai].username else { continue }
            let key = MatchBy.normalize(raw)
            if !key.isEmpty, heldByMatchKey[key] == nil { heldByMatchKey[key] = "source '\(entry.user.source)': \(entry.user.dn)" }
        }
    }

    /// Notes which managed accounts belong to nobody present, so that `reconcile` can re-link
    /// a returning person instead of creating a duplicate. Call once, after `locate`.
    mutating func findOrphans() {
        guard !target.ledger.isEmpty else { return }
        var presentAccounts = [Bool](repeating: false, count: target.accounts.count)
        for li in target.ledger.indices where target.ledgerAccount[li] >= 0 {
            // A duplicated identity is indexed once; its other entries share the answer.
            if presentEntry[Int(target.canonicalEntry[li])] { presentAccounts[target.ledgerAccount[li]] = true }
        }
        for li in target.ledger.indices {
            let ai = target.ledgerAccount[li]
            guard ai >= 0, !presentAccounts[ai] else { continue }
            guard let raw = target.matchBy == .email ? target.accounts[ai].email : target.accounts[ai].username else { continue }
            let key = MatchBy.normalize(raw)
            if !key.isEmpty, orphanedByMatchKey[key] == nil { orphanedByMatchKey[key] = li }
        }
    }

    /// Plans one person present in the sources; `ledgerPosition` is what `locate` found (-1: none).
    mutating func reconcile(_ decision: Decision, ledgerPosition: Int) {
        let found: Int? = ledgerPosition >= 0 ? ledgerPosition : nil
        if let li = found, target.ledgerAccount[li] >= 0 { claimedAccount[target.ledgerAccount[li]] = true }
        if decision.scope.isExcluded { return }

        if let li = found {
            let entry = target.ledger[li]
            if entry.goneSince != nil {
                ledgerUpdates.append(LedgerEntry(identity: entry.identity, accountKey: entry.accountKey, goneSince: nil))
            }
            if target.ledgerAccount[li] >= 0 {
                reconcile(decision, with: target.ledgerAccount[li], identity: entry.identity)
            } else if decision.scope.isInScope {
                warnings.append(
                    "account '\(entry.accountKey)' of \(entry.identity) no longer exists in the target; creating it again")
                let desired = DesiredAccount(decision)
                operations.append(desired.operation(.create, reason: decision.scope.reason, identity: entry.identity, account: nil))
            }
            return
        }

        // `entries[0]` read in place: `entries.first` copied the whole entry.
        guard !decision.person.entries.isEmpty else { return }
        if !heldByMatchKey.isEmpty, let held = heldByMatchKey[decision.person.key] {
            if decision.scope.isInScope {
                let entry = decision.person.entries[0]
                warnings.append(
                    "source '\(entry.source)': \(entry.dn) has the \(target.matchBy.rawValue) '\(decision.person.key)' of "
                        + "the account dirsync manages for \(held), which is left as it is; no new account")
            }
            return
        }
        if !orphanedByMatchKey.isEmpty, let li = orphanedByMatchKey[decision.person.key], !claimedAccount[target.ledgerAccount[li]] {
            let identity = decision.person.entries[0].identity
            let ai = target.ledgerAccount[li]
            claimedAccount[ai] = true
            presentEntry[li] = true
            let previous = target.ledger[li].identity
            if !reconcile(decision, with: ai, identity: identity, relinkedFrom: previous) {
                // Nothing to apply: the re-link is bookkeeping, written before the apply.
                ledgerRemovals.append(previous)
                ledgerUpdates.append(LedgerEntry(identity: identity, accountKey: target.accounts[ai].key))
            }
            return
        }
        guard decision.scope.isInScope else { return }
        let identity = decision.person.entries[0].identity
        if !target.unmanagedByExternalID.isEmpty, let ai = target.unmanagedByExternalID[identity], !claimedAccount[ai] {
            claimedAccount[ai] = true
            adopt(decision, ai, identity: identity, byExternalID: true)
        } else if !target.unmanagedByMatchKey.isEmpty, let ai = target.unmanagedByMatchKey[decision.person.key], !claimedAccount[ai] {
            claimedAccount[ai] = true
            adopt(decision, ai, identity: identity)
        } else {
            let desired = DesiredAccount(decision)
            operations.append(desired.operation(.create, reason: decision.scope.reason, identity: identity, account: nil))
        }
    }

    /// What `reconcile` plans for each decision against an empty target: a create for
    /// everyone in scope (nil for the rest), built on every core.
    static func creates(_ decisions: [Decision]) -> [AccountOperation?] {
        Parallel.map(decisions) {
            { decision in
                guard decision.scope.isInScope, !decision.person.entries.isEmpty else { return nil }
                return DesiredAccount(decision).operation(
                    .create, reason: decision.scope.reason, identity: decision.person.entries[0].identity, account: nil)
            }
        }
    }

    /// Plans what a present person's managed account needs; returns whether it planned an
    /// operation. `relinkedFrom`: the ledger identity the account was tied to before the
    /// person came back under a new entry; an operation names it in `changes.identity_from`
    /// and its apply moves the ledger entry.
    @discardableResult
    mutating func reconcile(_ decision: Decision, with ai: Int, identity: String, relinkedFrom: String? = nil) -> Bool {
        let status = target.accounts[ai].status
        guard decision.scope.isInScope else {
            let account = target.accounts[ai]
            let op =
                status == .active
                ? deactivation(account, reason: decision.scope.reason, identity: identity, identityFrom: relinkedFrom)
                : projectRemoval(account, reason: decision.scope.reason, identity: identity, identityFrom: relinkedFrom)
            guard let op else { return false }
            operations.append(op)
            return true
        }
        let desired = DesiredAccount(decision)
        var changes = AccountDiff.changes(from: target.accounts[ai], to: desired)
        if status == .active && changes.isEmpty { return false }
        changes.identityFrom = relinkedFrom
        let reason =
            relinkedFrom != nil ? "back in the directory under a new entry; \(decision.scope.reason)" : decision.scope.reason
        if status == .inactive {
            operations.append(
                desired.operation(.reactivate, changes: changes.isEmpty ? nil : changes, reason: reason, identity: identity, account: target.accounts[ai].key))
        } else {
            operations.append(desired.operation(.update, changes: changes, reason: reason, identity: identity, account: target.accounts[ai].key))
        }
        return true
    }

    /// Takes an unmanaged account under management for an in-scope person: one `adopt`
    /// carrying the account's state after it and what changes, applied (ledger link, effect
    /// and audit line together) like any operation, so it is planned, guarded and audited.
    /// An inactive account is activated by it: its person is in scope. `byExternalID`: the
    /// account carries this person's identity as its `externalId`, so dirsync created it in
    /// a run that ended before recording it; the reason says so.
    mutating func adopt(_ decision: Decision, _ ai: Int, identity: String, byExternalID: Bool = false) {
        let desired = DesiredAccount(decision)
        let changes = AccountDiff.changes(from: target.accounts[ai], to: desired)
        var state = target.accounts[ai].status == .inactive ? "existing inactive account, activating it" : "existing account"
        if byExternalID { state += " created by an interrupted run (its externalId is this entry's identity)" }
        operations.append(
            desired.operation(
                .adopt, changes: changes, reason: "adopted \(state); \(decision.scope.reason)", identity: identity,
                account: target.accounts[ai].key))
    }

    /// Managed accounts whose person is in no source any more: deactivate at once, delete after the grace.
    mutating func retireGone() {
        let goneEntries = target.ledger.indices.filter { li in
            let ai = target.ledgerAccount[li]
            return !presentEntry[li] && ai >= 0 && !claimedAccount[ai]
        }.sorted { (target.ledger[$0].identity, target.ledger[$0].accountKey) < (target.ledger[$1].identity, target.ledger[$1].accountKey) }
        for li in goneEntries {
            let ai = target.ledgerAccount[li]
            guard !claimedAccount[ai] else { continue }
            claimedAccount[ai] = true  // one operation per account, even with two stale entries
            let entry = target.ledger[li]
            let account = target.accounts[ai]
            if isExcluded(account) { continue }
            if case .after(let seconds) = lifecycle.deleteAfter, seconds <= 0 {
                operations.append(gone(.delete, account, entry, reason: "not in any source; delete_after 0"))
                continue
            }
            let since = entry.goneSince ?? now
            if entry.goneSince == nil {
                ledgerUpdates.append(LedgerEntry(identity: entry.identity, accountKey: entry.accountKey, goneSince: now))
            }
            if account.status == .active {
                operations.append(deactivation(account, reason: "not in any source", identity: entry.identity))
            } else if case .after(let seconds) = lifecycle.deleteAfter, now.timeIntervalSince(since) >= seconds {
                let reason = "gone since \(PlanDates.day(since)), delete_after \(PlanDates.duration(seconds))"
                operations.append(gone(.delete, account, entry, reason: reason))
            } else if let op = projectRemoval(account, reason: "not in any source", identity: entry.identity) {
                operations.append(op)
            }
        }
    }

    /// Whether an `exclude:` pattern names the account itself (its person is in no source to ask).
    func isExcluded(_ account: Account) -> Bool {
        excludes.contains { rule, glob in
            guard let value = rule.field == .username ? account.username : account.email else { return false }
            return glob.matches(value)
        }
    }

    /// A deactivation; under `on_deactivate: remove_projects` it also takes the account out
    /// of its projects, listed in `changes.projects_removed`.
    func deactivation(_ account: Account, reason: String, identity: String, identityFrom: String? = nil) -> AccountOperation {
        let removed = lifecycle.onDeactivate == .removeProjects ? account.projects.keys.sorted() : []
        let changes = removed.isEmpty && identityFrom == nil ? nil : Changes(projectsRemoved: removed, identityFrom: identityFrom)
        return AccountOperation(
            action: .deactivate, username: account.username, email: account.email, changes: changes, reason: reason,
            identity: identity, account: account.key)
    }

    /// An inactive account that still holds project memberships under `remove_projects`
    /// (deactivated under `keep`, or before the setting existed): an update that removes
    /// them and keeps everything else, status included. Nil when there is nothing to remove.
    func projectRemoval(_ account: Account, reason: String, identity: String, identityFrom: String? = nil) -> AccountOperation? {
        guard lifecycle.onDeactivate == .removeProjects, account.status == .inactive, !account.projects.isEmpty else { return nil }
        return AccountOperation(
            action: .update, username: account.username, email: account.email, displayName: account.displayName,
            roles: account.roles, projects: [:], tags: account.tags,
            changes: Changes(projectsRemoved: account.projects.keys.sorted(), identityFrom: identityFrom),
            reason: "inactive (\(reason)); on_deactivate: remove_projects", identity: identity, account: account.key)
    }

    func gone(_ action: AccountOperation.Action, _ account: Account, _ entry: LedgerEntry, reason: String) -> AccountOperation {
        AccountOperation(action: action, username: account.username, email: account.email, reason: reason, identity: entry.identity, account: account.key)
    }

    mutating func result(warnings inherited: [String]) -> PlanningResult {
        // Sort small keys, not operations: moving large structs through a merge sort
        // retains and releases every field on every move (Benchmarks/FINDINGS.md).
        // The keys are pulled out once, with the usernames' first 16 bytes packed into
        // integers, so most comparisons are two integer compares (see `OperationSortKey`).
        let count = operations.count
        var keys: [OperationSortKey] = []
        var usernames: [String] = []
        keys.reserveCapacity(count)
        usernames.reserveCapacity(count)
        operations.withUnsafeBufferPointer { ops in
            for i in 0..<count {
                // Fields read through `?.`: `ops[i]!` copied the whole operation. An empty
                // slot (a person `creates` planned nothing for) keeps its place, unsorted.
                guard let username = ops[i]?.username else {
                    usernames.append("")
                    continue
                }
                keys.append(OperationSortKey(action: ops[i]?.action ?? .create, username: username, position: i))
                usernames.append(username)
            }
        }
        keys.sort { a, b in
            switch a.compare(b, usernames: usernames) {
            case .less: return true
            case .greater: return false
            case .same: return tieBreak(Int(a.position), Int(b.position))
            }
        }
        let sorted: [AccountOperation] = operations.moveOut(keys.map(\.position))
        operations = []
        ledgerUpdates.sort { ($0.identity, $0.accountKey) < ($1.identity, $1.accountKey) }
        ledgerRemovals.sort()
        return PlanningResult(
            plan: Plan(operations: sorted, warnings: inherited + warnings), ledgerUpdates: ledgerUpdates,
            ledgerRemovals: ledgerRemovals, managedCount: target.managed.lazy.filter { $0 }.count)
    }
}

extension PlanningPass {
    /// Two operations of the same action and username: by account key, then identity.
    fileprivate func tieBreak(_ i: Int, _ j: Int) -> Bool {
        let (a, b) = (operations[i]!, operations[j]!)
        if a.account != b.account { return (a.account ?? "") < (b.account ?? "") }
        return (a.identity ?? "") < (b.identity ?? "")
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
