/// Evaluates a `MappingSet` for people: scope, roles (closed over `includes`), projects, tags.
///
/// Pure. Group conditions are answered once per group when the engine is built, and the
/// role closure once per role, so deciding 100k people only scans each person's groups.
public struct MappingEngine: Sendable {
    public let mapping: MappingSet
    let index: PeopleIndex
    let rules: [CompiledRule]
    let catalog: RoleCatalog
    let defaultRoles: RoleSet
    /// Per `mapping.domains` entry: the roles it grants.
    let domainRoles: [RoleSet]
    let excludes: [CompiledExclude]
    /// Rules answered per group for `decide(_:memo:)`, see `GroupRuleTable`.
    let groupRules: GroupRuleTable
    /// Positions of the rules that test held roles, run once roles are known (rule order).
    let roleRules: [Int]
    /// Positions of every other rule, in rule order.
    let directRules: [Int]
    /// Whether any rule has `every_project:` (otherwise no person's projects are raised).
    let raisesProjects: Bool

    /// A rule with its condition compiled against the index. A class so that reading a
    /// rule while deciding 100k people on several cores is one reference count operation
    /// rather than one per field (a struct copy retained each of its ten references).
    final class CompiledRule: Sendable {
        let rule: MappingRule
        let condition: CompiledCondition
        let grants: [(template: ProjectTemplate, permission: Permission)]
        let label: String
        /// `'label'`, and the whole reason when this rule is the only one that matched.
        let quotedLabel: String
        let soleReason: String
        let roles: RoleSet
        /// False when no part of the condition captures: then a plain yes/no evaluation suffices.
        let captures: Bool
        /// The rule's `every_project:` permission.
        let everyProject: Permission?
        /// Whether the condition tests held roles (see `MappingRule.testsRoles`).
        let testsRoles: Bool
        init(_ rule: MappingRule, groups: GroupFacts, catalog: RoleCatalog) {
            self.rule = rule
            let condition = CompiledCondition(rule.condition, groups: groups, roleIDs: catalog.ids)
            self.condition = condition
            let grants = rule.projects.map { (template: ProjectTemplate($0.project), permission: $0.permission) }
            self.grants = grants
            self.label = rule.label
            self.quotedLabel = "'\(rule.label)'"
            self.soleReason = "mapped by rule '\(rule.label)'"
            self.roles = catalog.set(of: rule.roles)
            self.captures = condition.captures
            self.everyProject = rule.everyProject
            self.testsRoles = rule.testsRoles
        }

        /// The projects the rule grants under one binding of its captures; a template whose
        /// placeholder is unbound, or that fills to nothing, grants nothing.
        func projects(for binding: [String: String]) -> [(name: String, permission: Permission)] {
            grants.compactMap { grant in
                guard let name = grant.template.fill(binding), !name.isEmpty else { return nil }
                return (name, grant.permission)
            }
        }
    }

    public init(mapping: MappingSet, index: PeopleIndex) {
        self.mapping = mapping
        self.index = index
        let facts = GroupFacts(index.groups)
        let catalog = RoleCatalog(mapping.roles, mentioned: mapping.mentionedRoles)
        self.catalog = catalog
        self.rules = mapping.rules.map { CompiledRule($0, groups: facts, catalog: catalog) }
        self.defaultRoles = catalog.set(of: mapping.defaultRoles)
        self.domainRoles = (mapping.domains ?? []).map { catalog.set(of: $0.roles) }
        self.excludes = mapping.excludes.map(CompiledExclude.init)
        let compiled = self.rules
        self.groupRules = GroupRuleTable(rules: compiled, groupCount: index.groups.count)
        self.roleRules = compiled.indices.filter { compiled[$0].testsRoles }
        self.directRules = compiled.indices.filter { !compiled[$0].testsRoles }
        self.raisesProjects = compiled.contains { $0.everyProject != nil }
    }

    static let unbound: [[String: String]] = [[:]]

    /// Decides every person of the index, in index order.
    public func decideAll() -> [Decision] {
        index.people.map(decide)
    }

    /// Decides one person, recording every rule that matched (for `explain`).
    public func decide(_ person: Person) -> Decision {
        decide(person, recording: true, memo: nil)
    }

    /// Decides one of many people: the same decision as `decide(_:)`, except that
    /// `matchedRules` stays empty (only `explain` shows it) and reason texts and role
    /// resolutions are shared through `memo` by everyone with the same rules and roles.
    /// At 100k people that avoids several allocations per person.
    public func decide(_ person: Person, memo: DecisionMemo) -> Decision {
        decide(person, recording: false, memo: memo)
    }

    private func decide(_ person: Person, recording: Bool, memo: DecisionMemo?) -> Decision {
        let groups: ArraySlice<Int32> =
            person.index < index.people.count && index.people[person.index].key == person.key
            ? index.groupIndices(of: person.index) : []

        var matched: [RuleMatch] = []
        var matchedOrder: [Int] = []  // rule positions of `matched`, to keep it in rule order
        var matchedRules: [Int] = []
        var projects: [String: Permission] = [:]
        /// A project granted twice keeps the stronger permission (`all` beats `read-only`).
        func grant(_ name: String, _ permission: Permission) {
            projects[name] = max(projects[name] ?? permission, permission)
        }
        // Bulk path: every rule that is a single group test is answered by OR-ing the
        // person's groups' rule masks; only the other rules are evaluated one by one.
        var mask: UInt64 = 0
        let table = groupRules
        let bulk = !recording && table.isUsable
        if bulk {
            var grants = 0
            for g in groups { grants += table.grants[Int(g)].count }
            if grants > 0 { projects.reserveCapacity(grants) }  // no regrowth as they arrive
            for g in groups {
                mask |= table.ruleMask[Int(g)]
                for project in table.grants[Int(g)] { grant(project.name, project.permission) }
            }
        }
        /// Runs rule `r`; when it matches, records it and grants its projects.
        func run(_ r: Int, roles: RoleSet?) -> Bool {
            let compiled = rules[r]
            let bindings: [[String: String]]
            if compiled.captures {
                bindings = compiled.condition.evaluate(groups: groups, entries: person.entries, memo: memo, roles: roles)
                if bindings.isEmpty { return false }
            } else {
                guard compiled.condition.holds(groups: groups, entries: person.entries, memo: memo, roles: roles) else { return false }
                bindings = MappingEngine.unbound
            }
            if recording {
                let rule = compiled.rule
                matched.append(RuleMatch(
                    label: compiled.label, location: rule.location,
                    captures: bindings.count == 1 && bindings[0].isEmpty ? [] : bindings.filter { !$0.isEmpty },
                    everyProject: compiled.everyProject))
                matchedOrder.append(r)
            }
            for binding in bindings {
                for project in compiled.projects(for: binding) { grant(project.name, project.permission) }
            }
            return true
        }
        for r in (bulk ? table.personRules : directRules) where run(r, roles: nil) {
            if bulk { mask |= 1 << UInt64(r) } else { matchedRules.append(r) }
        }
        if bulk { matchedRules = GroupRuleTable.positions(mask) }
        var grantedRoles = catalog.emptySet()
        for r in matchedRules { grantedRoles.formUnion(rules[r].roles) }

        if let reason = exclusion(of: person) {
            return Decision(person: person, scope: .excluded(reason: reason), matchedRules: matched)
        }
        if let disabled = person.entries.first(where: \.disabled) {
            return Decision(person: person, scope: .outOfScope(reason: "disabled in source '\(disabled.source)'"), matchedRules: matched)
        }
        var domainRoles = catalog.emptySet()
        if let allowed = mapping.domains {
            guard let email = person.entries.lazy.compactMap(\.email).first(where: { !$0.isEmpty }) else {
                return Decision(person: person, scope: .outOfScope(reason: "no email, and an email domain allow-list is set"), matchedRules: matched)
            }
            let domain = EmailDomain.of(email)
            let verdict = memo?.domainVerdict(domain) { self.domainVerdict($0, allowed) } ?? domainVerdict(domain, allowed)
            if let roles = verdict {
                domainRoles = roles
            } else {
                return Decision(person: person, scope: .outOfScope(reason: "email domain '\(domain)' is not in the allowed domains"), matchedRules: matched)
            }
        }
        if mapping.scope == .mapped, matchedRules.isEmpty {
            return Decision(person: person, scope: .outOfScope(reason: "no mapping rule matches"), matchedRules: matched)
        }
        grantedRoles.formUnion(defaultRoles)
        grantedRoles.formUnion(domainRoles)
        // Rules that test held roles see every role granted above; they grant no roles, so
        // one pass settles them, and they never decide scope.
        if !roleRules.isEmpty {
            let held = catalog.closure(of: grantedRoles)
            var added = false
            for r in roleRules where run(r, roles: held) {
                matchedRules.append(r)
                added = true
            }
            if added {
                matchedRules.sort()
                if recording { matched = zip(matchedOrder, matched).sorted { $0.0 < $1.0 }.map(\.1) }
            }
        }
        if raisesProjects, !projects.isEmpty {
            for r in matchedRules {
                guard let floor = rules[r].everyProject else { continue }
                for (name, permission) in projects where permission < floor { projects[name] = floor }
            }
        }
        let reason: String
        switch mapping.scope {
        case .all:
            reason = "in scope: scope all"
        case .mapped:
            reason = memo?.reason(for: matchedRules) { self.reason(for: $0) } ?? self.reason(for: matchedRules)
        }
        let (roles, tags) = memo?.resolution(of: grantedRoles) { catalog.resolve($0) } ?? catalog.resolve(grantedRoles)
        return Decision(
            person: person, scope: .inScope(reason: reason), roles: roles, projects: projects,
            tags: tags, matchedRules: matched)
    }

    /// The roles an allowed email domain grants, or nil when no `domains:` entry allows it.
    private func domainVerdict(_ domain: String, _ allowed: [DomainRule]) -> RoleSet? {
        var roles: RoleSet? = nil
        for (i, rule) in allowed.enumerated() where EmailDomain.matches(domain, rule: rule.domain) {
            var union = roles ?? catalog.emptySet()
            union.formUnion(domainRoles[i])
            roles = union
        }
        return roles
    }

    /// `mapped by rule 'a'`, or `mapped by rules 'a', 'b'` for the rules at these positions.
    private func reason(for matchedRules: [Int]) -> String {
        matchedRules.count == 1
            ? rules[matchedRules[0]].soleReason
            : "mapped by rules " + matchedRules.map { rules[$0].quotedLabel }.joined(separator: ", ")
    }

    /// Why an `exclude:` pattern keeps this person out of dirsync's hands, or nil.
    func exclusion(of person: Person) -> String? {
        for exclude in excludes {
            for entry in person.entries {
                let value = exclude.field == .username ? entry.username : entry.email
                if let value, exclude.glob.matches(value) { return exclude.reason }
            }
        }
        return nil
    }

    /// An `exclude:` pattern ready to test (a class for the same reason as `CompiledRule`).
    final class CompiledExclude: Sendable {
        let field: ExcludeRule.Field
        let glob: Glob
        let reason: String

        init(_ rule: ExcludeRule) {
            field = rule.field
            glob = Glob(rule.pattern)
            let at = rule.location.map { " (\($0))" } ?? ""
            reason = "excluded by \(rule.field.rawValue) pattern '\(rule.pattern)'\(at)"
        }
    }
}

/// What the mapping says about one person.
public struct Decision: Sendable {
    public var person: Person
    public var scope: ScopeDecision
    /// Effective roles (closure over includes), sorted; empty unless in scope.
    public var roles: [String]
    public var projects: [String: Permission]
    /// Union of the effective roles' tags, sorted.
    public var tags: [String]
    /// Every rule that matched, in rule order.
    public var matchedRules: [RuleMatch]

    public init(person: Person, scope: ScopeDecision, roles: [String] = [], projects: [String: Permission] = [:], tags: [String] = [], matchedRules: [RuleMatch] = []) {
        self.person = person
        self.scope = scope
        self.roles = roles
        self.projects = projects
        self.tags = tags
        self.matchedRules = matchedRules
    }
}

/// Whether a person gets an active account, and why (the reason is for people).
public enum ScopeDecision: Sendable, Hashable {
    case inScope(reason: String)
    /// Disabled in a source, outside the domain allow-list, or matched by no rule: an
    /// existing managed account is deactivated.
    case outOfScope(reason: String)
    /// Matched an `exclude:` pattern: never touched.
    case excluded(reason: String)

    /// The reason, whichever the case.
    public var reason: String {
        switch self {
        case .inScope(let r), .outOfScope(let r), .excluded(let r): r
        }
    }

    public var isInScope: Bool {
        if case .inScope = self { true } else { false }
    }

    public var isExcluded: Bool {
        if case .excluded = self { true } else { false }
    }
}

/// A rule that matched, with the named captures it bound.
public struct RuleMatch: Sendable, Hashable {
    public var label: String
    public var location: SourceLocation
    public var captures: [[String: String]]
    /// The rule's `every_project:`, so `explain` shows where a raised permission comes from.
    public var everyProject: Permission?

    public init(label: String, location: SourceLocation, captures: [[String: String]] = [], everyProject: Permission? = nil) {
        self.label = label
        self.location = location
        self.captures = captures
        self.everyProject = everyProject
    }
}
