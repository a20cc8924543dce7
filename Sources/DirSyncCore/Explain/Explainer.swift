/// Answers "why does this person have (or not have) this account?" from the same values a
/// sync uses, so `explain` can never disagree with `plan`.
public enum Explainer {
    /// The explanation for a username or email; nil when neither a person nor an account matches.
    public static func explain(
        query: String, index: PeopleIndex, engine: MappingEngine, accounts: [Account], ledger: [LedgerEntry], plan: Plan
    ) -> Explanation? {
        let managedKeys = Set(ledger.map(\.accountKey))
        func goneSince(_ key: String) -> String? {
            ledger.first { $0.accountKey == key && $0.goneSince != nil }?.goneSince.map(PlanDates.day)
        }
        func state(_ account: Account) -> AccountView {
            AccountView(account: account, managed: managedKeys.contains(account.key), goneSince: goneSince(account.key))
        }

        guard let person = index.person(matching: query) else {
            if let held = index.heldEntry(matching: query) {
                return explainHeld(
                    query: query, held, matchBy: index.matchBy, accounts: accounts, ledger: ledger, plan: plan, state: state)
            }
            return explainAccountOnly(query: query, accounts: accounts, managedKeys: managedKeys, plan: plan, state: state)
        }
        let decision = engine.decide(person)
        let identities = Set(person.identities)
        let account: Account?
        if let entry = ledger.first(where: { identities.contains($0.identity) }) {
            account = accounts.first { $0.key == entry.accountKey }
        } else {
            account = accounts.first { candidate in
                guard !managedKeys.contains(candidate.key),
                    let raw = index.matchBy == .email ? candidate.email : candidate.username
                else { return false }
                return MatchBy.normalize(raw) == person.key
            }
        }
        let pending = plan.operations.first { op in
            (op.identity.map(identities.contains) ?? false) || (account != nil && op.account == account?.key)
        }
        return Explanation(
            query: query, key: person.key, entries: person.entries.map(Explanation.Entry.init),
            groups: index.memberships(of: person).map(Explanation.Group.init),
            rules: decision.matchedRules.map(Explanation.MatchedRule.init),
            roles: decision.roles, projects: decision.projects, tags: decision.tags,
            scope: Explanation.Scope(decision.scope), account: account.map(state), pendingOperation: pending)
    }

    /// An entry present in a source but tied to no person (no match key, or a shared one):
    /// say why, and that its managed account is left as it is.
    static func explainHeld(
        query: String, _ held: HeldEntry, matchBy: MatchBy, accounts: [Account], ledger: [LedgerEntry], plan: Plan,
        state: (Account) -> AccountView
    ) -> Explanation {
        let identity = held.user.identity
        let account = ledger.first { $0.identity == identity }.flatMap { entry in accounts.first { $0.key == entry.accountKey } }
        let reason =
            account == nil
            ? "\(held.user.dn) \(held.why): it gets no account until it has \(matchBy == .email ? "an" : "a") \(matchBy.rawValue) of its own"
            : "\(held.user.dn) \(held.why): its managed account is left exactly as it is (not deactivated, deleted or "
                + "updated) while the entry is present"
        return Explanation(
            query: query, key: nil, entries: [Explanation.Entry(held.user)], groups: [], rules: [], roles: [], projects: [:],
            tags: [], scope: Explanation.Scope(decision: "held", reason: reason), account: account.map(state),
            pendingOperation: plan.operations.first { $0.identity == identity || (account != nil && $0.account == account?.key) })
    }

    /// An account no source holds any more (or never held): explain what dirsync will do with it.
    static func explainAccountOnly(
        query: String, accounts: [Account], managedKeys: Set<String>, plan: Plan,
        state: (Account) -> AccountView
    ) -> Explanation? {
        let q = MatchBy.normalize(query)
        guard !q.isEmpty,
            let account = accounts.first(where: {
                MatchBy.normalize($0.username) == q || $0.email.map(MatchBy.normalize) == q
            })
        else { return nil }
        let managed = managedKeys.contains(account.key)
        let reason = managed ? "not in any source" : "not in any source; unmanaged account, never touched"
        return Explanation(
            query: query, key: nil, entries: [], groups: [], rules: [], roles: [], projects: [:], tags: [],
            scope: Explanation.Scope(decision: "not_in_source", reason: reason), account: state(account),
            pendingOperation: plan.operations.first { $0.account == account.key })
    }
}
