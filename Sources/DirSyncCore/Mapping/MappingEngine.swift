/// Evaluates a `MappingSet` for people: scope, roles (closed over `includes`), projects, tags.
///
/// STUB: the core helper implements this. Pure; precomputes what it can per group so that
/// deciding 100k people stays cheap.
public struct MappingEngine: Sendable {
    public let mapping: MappingSet

    public init(mapping: MappingSet, index: PeopleIndex) {
        fatalError("not implemented")
    }

    /// Decides one person.
    public func decide(_ person: Person) -> Decision {
        fatalError("not implemented")
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
