/// One `rules:` entry: when its condition holds for a person, it grants roles and projects.
public struct MappingRule: Sendable {
    /// The optional `name:`; `explain` and plan reasons show it.
    public var name: String?
    public var condition: Condition
    public var roles: [String]
    /// Project grants; names may contain `${capture}` placeholders filled from the
    /// condition's regex named captures.
    public var projects: [ProjectGrant]
    /// `every_project:`: raises every project membership the person ends up with (from any
    /// rule) to at least this permission. Applications have such rules of their own (the
    /// policy manager gives a user holding two roles All in each of their projects); said
    /// in the mapping, the plan shows what the application will actually grant.
    public var everyProject: Permission?
    /// Where the rule starts (its `- ` item), for `explain`.
    public var location: SourceLocation

    public init(
        name: String? = nil, condition: Condition, roles: [String] = [], projects: [ProjectGrant] = [],
        everyProject: Permission? = nil, location: SourceLocation
    ) {
        self.name = name
        self.condition = condition
        self.roles = roles
        self.projects = projects
        self.everyProject = everyProject
        self.location = location
    }

    /// Whether the condition tests held roles anywhere: such a rule is evaluated after the
    /// other rules, defaults and domains have granted roles, and grants no roles itself.
    public var testsRoles: Bool { condition.testsRoles }

    /// How `explain` and plan reasons name the rule: its name, or its location.
    public var label: String { name ?? "rule at \(location)" }
}

/// A project membership a rule grants: a (possibly templated) project name and a permission.
public struct ProjectGrant: Sendable, Hashable {
    public var project: String
    public var permission: Permission

    public init(project: String, permission: Permission) {
        self.project = project
        self.permission = permission
    }
}

/// A rule's `when:`.
public indirect enum Condition: Sendable {
    /// Direct or nested membership in a group that the matcher accepts.
    case group(GroupMatcher)
    /// Any value of the attribute (lower-cased configured name) is accepted by the matcher.
    case attribute(name: String, ValueMatcher)
    case all([Condition])
    case any([Condition])
    case not(Condition)
    /// The person holds this role among the effective roles (closure over `includes`) that
    /// the other rules, `defaults:` and `domains:` grant. A rule testing it grants no roles,
    /// so that the order of rules never matters and no rule can feed itself.
    case role(String)

    /// The roles its `role` tests name, in the order written.
    public var testedRoles: [String] {
        switch self {
        case .group, .attribute: []
        case .role(let name): [name]
        case .all(let parts), .any(let parts): parts.flatMap(\.testedRoles)
        case .not(let inner): inner.testedRoles
        }
    }

    /// Whether this condition or any part of it is a `role` test.
    public var testsRoles: Bool {
        switch self {
        case .group, .attribute: false
        case .role: true
        case .all(let parts), .any(let parts): parts.contains { $0.testsRoles }
        case .not(let inner): inner.testsRoles
        }
    }
}

/// How a group condition's value is read: `/regex/`, a DN (contains `=`), a glob (contains
/// `*` or `?`), otherwise a name. Names and globs compare case-insensitively, as LDAP
/// compares `cn`; a regex sees the name as the source wrote it.
public enum GroupMatcher: Sendable {
    case name(String)
    case dn(String)
    case glob(String)
    case regex(RegexPattern)
}

/// An attribute condition: `equals` (case-insensitive) or `matches` (glob, case-insensitive, or `/regex/`).
public enum ValueMatcher: Sendable {
    case equals(String)
    case glob(String)
    case regex(RegexPattern)
}
