/// One `rules:` entry: when its condition holds for a person, it grants roles and projects.
public struct MappingRule: Sendable {
    /// The optional `name:`; `explain` and plan reasons show it.
    public var name: String?
    public var condition: Condition
    public var roles: [String]
    /// Project grants; names may contain `${capture}` placeholders filled from the
    /// condition's regex named captures.
    public var projects: [ProjectGrant]
    /// Where the rule starts (its `- ` item), for `explain`.
    public var location: SourceLocation

    public init(name: String? = nil, condition: Condition, roles: [String] = [], projects: [ProjectGrant] = [], location: SourceLocation) {
        self.name = name
        self.condition = condition
        self.roles = roles
        self.projects = projects
        self.location = location
    }

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
