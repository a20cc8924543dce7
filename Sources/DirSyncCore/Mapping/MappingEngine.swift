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
    let excludes: [(rule: ExcludeRule, glob: Glob)]

    /// A rule with its condition compiled against the index.
    struct CompiledRule: Sendable {
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

        init(_ rule: MappingRule, groups: GroupFacts, catalog: RoleCatalog) {
            self.rule = rule
            self.condition = CompiledCondition(rule.condition, groups: groups)
            self.grants = rule.projects.map { (ProjectTemplate($0.project), $0.permission) }
            self.label = rule.label
            self.quotedLabel = "'\(rule.label)'"
            self.soleReason = "mapped by rule '\(rule.label)'"
            self.roles = catalog.set(of: rule.roles)
            self.captures = condition.captures
        }
    }

    public init(mapping: MappingSet, index: PeopleIndex) {
        self.mapping = mapping
        self.index = index
        let facts = GroupFacts(index.groups)
        let mentioned = mapping.rules.flatMap(\.roles) + mapping.defaultRoles + (mapping.domains ?? []).flatMap(\.roles)
        let catalog = RoleCatalog(mapping.roles, mentioned: mentioned)
        self.catalog = catalog
        self.rules = mapping.rules.map { CompiledRule($0, groups: facts, catalog: catalog) }
        self.defaultRoles = catalog.set(of: mapping.defaultRoles)
        self.domainRoles = (mapping.domains ?? []).map { catalog.set(of: $0.roles) }
        self.excludes = mapping.excludes.map { ($0, Glob($0.pattern)) }
    }

    static let unbound: [[String: String]] = [[:]]

    /// Decides every person of the index, in index order.
    public func decideAll() -> [Decision] {
        index.people.map(decide)
    }

    /// Decides one person.
    public func decide(_ person: Person) -> Decision {
        let groups: ArraySlice<Int32> =
            person.index < index.people.count && index.people[person.index].key == person.key
            ? index.groupIndices(of: person.index) : []

        var matched: [RuleMatch] = []
        var reasonParts: [String] = []
        var soleReason = ""
        var grantedRoles = catalog.emptySet()
        var projects: [String: Permission] = [:]
        for compiled in rules {
            let bindings: [[String: String]]
            if compiled.captures {
                bindings = compiled.condition.evaluate(groups: groups, entries: person.entries)
                if bindings.isEmpty { continue }
            } else {
                guard compiled.condition.holds(groups: groups, entries: person.entries) else { continue }
                bindings = MappingEngine.unbound
            }
            let rule = compiled.rule
            matched.append(RuleMatch(label: compiled.label, location: rule.location, captures: bindings.count == 1 && bindings[0].isEmpty ? [] : bindings.filter { !$0.isEmpty }))
            reasonParts.append(compiled.quotedLabel)
            soleReason = compiled.soleReason
            grantedRoles.formUnion(compiled.roles)
            for binding in bindings {
                for grant in compiled.grants {
                    guard let name = grant.template.fill(binding), !name.isEmpty else { continue }
                    projects[name] = max(projects[name] ?? grant.permission, grant.permission)
                }
            }
        }

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
            var allowedDomain = false
            for (i, rule) in allowed.enumerated() where EmailDomain.matches(domain, rule: rule.domain) {
                allowedDomain = true
                domainRoles.formUnion(self.domainRoles[i])
            }
            if !allowedDomain {
                return Decision(person: person, scope: .outOfScope(reason: "email domain '\(domain)' is not in the allowed domains"), matchedRules: matched)
            }
        }
        let reason: String
        switch mapping.scope {
        case .all:
            reason = "in scope: scope all"
        case .mapped:
            if matched.isEmpty {
                return Decision(person: person, scope: .outOfScope(reason: "no mapping rule matches"), matchedRules: matched)
            }
            reason = matched.count == 1 ? soleReason : "mapped by rules " + reasonParts.joined(separator: ", ")
        }
        grantedRoles.formUnion(defaultRoles)
        grantedRoles.formUnion(domainRoles)
        let (roles, tags) = catalog.resolve(grantedRoles)
        return Decision(
            person: person, scope: .inScope(reason: reason), roles: roles, projects: projects,
            tags: tags, matchedRules: matched)
    }

    /// Why an `exclude:` pattern keeps this person out of dirsync's hands, or nil.
    func exclusion(of person: Person) -> String? {
        for (rule, glob) in excludes {
            for entry in person.entries {
                let value = rule.field == .username ? entry.username : entry.email
                if let value, glob.matches(value) {
                    let at = rule.location.map { " (\($0))" } ?? ""
                    return "excluded by \(rule.field.rawValue) pattern '\(rule.pattern)'\(at)"
                }
            }
        }
        return nil
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

    public init(label: String, location: SourceLocation, captures: [[String: String]] = []) {
        self.label = label
        self.location = location
        self.captures = captures
    }
}
