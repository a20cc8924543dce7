/// Every mapping file merged into one validated value: the rules that turn directory
/// groups and attributes into roles, projects and tags.
///
/// Built by `DirSyncConfig`; evaluated by `MappingEngine`. Merging rules: catalogues union
/// (a role defined twice is an error), rules concatenate in file-name order.
public struct MappingSet: Sendable {
    public var scope: Scope
    /// The role catalogue; nil when no file declares one (then roles are free names).
    public var roles: [String: RoleDefinition]?
    /// Roles granted to every user in scope.
    public var defaultRoles: [String]
    /// The email-domain allow-list; nil when no file declares one.
    public var domains: [DomainRule]?
    public var rules: [MappingRule]
    public var excludes: [ExcludeRule]

    public init(
        scope: Scope = .mapped, roles: [String: RoleDefinition]? = nil, defaultRoles: [String] = [],
        domains: [DomainRule]? = nil, rules: [MappingRule] = [], excludes: [ExcludeRule] = []
    ) {
        self.scope = scope
        self.roles = roles
        self.defaultRoles = defaultRoles
        self.domains = domains
        self.rules = rules
        self.excludes = excludes
    }

    /// Who gets an account.
    public enum Scope: String, Sendable, Hashable {
        /// Only users that at least one rule matches.
        case mapped
        /// Every enabled user (within the domain allow-list, if any).
        case all
    }
}

/// A role in the catalogue: the roles it includes and the tags it carries.
public struct RoleDefinition: Sendable, Hashable {
    public var name: String
    public var includes: [String]
    public var tags: [String]
    public var location: SourceLocation?

    public init(name: String, includes: [String] = [], tags: [String] = [], location: SourceLocation? = nil) {
        self.name = name
        self.includes = includes
        self.tags = tags
        self.location = location
    }
}

/// One allow-listed email domain and the roles its in-scope users get.
public struct DomainRule: Sendable, Hashable {
    /// Lower-case; exact (`example.com`) or subdomains (`*.example.com`, which does not match `example.com` itself).
    public var domain: String
    public var roles: [String]
    public var location: SourceLocation?

    public init(domain: String, roles: [String] = [], location: SourceLocation? = nil) {
        self.domain = domain
        self.roles = roles
        self.location = location
    }
}

/// A pattern that keeps a person out of dirsync's hands entirely: never provisioned,
/// never deactivated, never deleted (service accounts, break-glass admins).
public struct ExcludeRule: Sendable, Hashable {
    public var field: Field
    /// A case-insensitive glob (`svc-*`, `*@partners.example.com`).
    public var pattern: String
    public var location: SourceLocation?

    public enum Field: String, Sendable, Hashable { case username, email }

    public init(field: Field, pattern: String, location: SourceLocation? = nil) {
        self.field = field
        self.pattern = pattern
        self.location = location
    }
}
