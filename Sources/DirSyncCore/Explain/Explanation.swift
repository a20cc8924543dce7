/// Everything `dirsync explain USER` shows about one person: where they come from, why
/// they get (or do not get) an account, and what the next sync would do to it.
///
/// A value, so the CLI can print it as a table or as JSON with the same content.
public struct Explanation: Sendable, Hashable, Codable {
    public var query: String
    /// The normalized match key; nil when the query found only an account.
    public var key: String?
    public var entries: [Entry]
    public var groups: [Group]
    public var rules: [MatchedRule]
    public var roles: [String]
    public var projects: [String: Permission]
    public var tags: [String]
    public var scope: Scope
    public var account: AccountView?
    public var pendingOperation: AccountOperation?

    public init(
        query: String, key: String?, entries: [Entry], groups: [Group], rules: [MatchedRule], roles: [String],
        projects: [String: Permission], tags: [String], scope: Scope, account: AccountView?, pendingOperation: AccountOperation?
    ) {
        self.query = query
        self.key = key
        self.entries = entries
        self.groups = groups
        self.rules = rules
        self.roles = roles
        self.projects = projects
        self.tags = tags
        self.scope = scope
        self.account = account
        self.pendingOperation = pendingOperation
    }

    enum CodingKeys: String, CodingKey {
        case query, key, entries, groups, rules, roles, projects, tags, scope, account
        case pendingOperation = "pending_operation"
    }

    /// One source entry of the person.
    public struct Entry: Sendable, Hashable, Codable {
        public var source: String
        public var dn: String
        public var id: String
        public var username: String?
        public var email: String?
        public var displayName: String?
        public var disabled: Bool
        public var attributes: [String: [String]]

        enum CodingKeys: String, CodingKey {
            case source, dn, id, username, email, disabled, attributes
            case displayName = "display_name"
        }

        public init(_ user: DirectoryUser) {
            source = user.source
            dn = user.dn
            id = user.id
            username = user.username
            email = user.email
            displayName = user.displayName
            disabled = user.disabled
            attributes = user.attributes
        }
    }

    /// A group the person is in, with the nesting path from a direct group (`a > b > c`).
    public struct Group: Sendable, Hashable, Codable {
        public var source: String
        public var name: String
        public var dn: String
        public var path: String
        public var direct: Bool

        public init(_ membership: GroupMembership) {
            source = membership.source
            name = membership.name
            dn = membership.dn
            path = membership.path.joined(separator: " > ")
            direct = membership.path.count == 1
        }
    }

    /// A rule that matched, where it is written (`file:line`) and what its regex captured.
    public struct MatchedRule: Sendable, Hashable, Codable {
        public var label: String
        public var location: String
        public var captures: [[String: String]]
        /// The rule's `every_project:` permission; absent from JSON when the rule has none.
        public var everyProject: Permission?

        enum CodingKeys: String, CodingKey {
            case label, location, captures
            case everyProject = "every_project"
        }

        public init(_ match: RuleMatch) {
            label = match.label
            location = "\(match.location.file):\(match.location.line)"
            captures = match.captures
            everyProject = match.everyProject
        }
    }

    /// The scope decision: `in_scope`, `out_of_scope`, `excluded`, `not_in_source`
    /// (an account whose person no source holds), or `held` (an entry without a match key
    /// of its own, whose managed account is left as it is).
    public struct Scope: Sendable, Hashable, Codable {
        public var decision: String
        public var reason: String

        public init(decision: String, reason: String) {
            self.decision = decision
            self.reason = reason
        }

        public init(_ scope: ScopeDecision) {
            switch scope {
            case .inScope(let r): self.init(decision: "in_scope", reason: r)
            case .outOfScope(let r): self.init(decision: "out_of_scope", reason: r)
            case .excluded(let r): self.init(decision: "excluded", reason: r)
            }
        }
    }
}
