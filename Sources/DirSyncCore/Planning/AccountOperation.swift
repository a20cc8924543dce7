/// One change a sync would make to one account; the unit of the plan, the apply and the audit log.
///
/// `roles`, `projects` and `tags` are the account's complete state after the operation (for
/// create, adopt, update and reactivate), arrays sorted, email lower-case: so a saved plan can be
/// applied exactly as it was reviewed.
public struct AccountOperation: Sendable, Hashable, Codable {
    public var action: Action
    public var username: String
    public var email: String?
    public var displayName: String?
    public var roles: [String]?
    public var projects: [String: Permission]?
    public var tags: [String]?
    public var changes: Changes?
    /// For people: why this operation (which rules, which state).
    public var reason: String
    /// The ledger identity the account is (or will be) tied to; absent for unmanaged work.
    public var identity: String?
    /// The target's key of the existing account; absent for `create`.
    public var account: String?

    public init(
        action: Action, username: String, email: String?, displayName: String? = nil, roles: [String]? = nil,
        projects: [String: Permission]? = nil, tags: [String]? = nil, changes: Changes? = nil, reason: String,
        identity: String? = nil, account: String? = nil
    ) {
        self.action = action
        self.username = username
        self.email = email
        self.displayName = displayName
        self.roles = roles
        self.projects = projects
        self.tags = tags
        self.changes = changes
        self.reason = reason
        self.identity = identity
        self.account = account
    }

    enum CodingKeys: String, CodingKey {
        case action, username, email
        case displayName = "display_name"
        case roles, projects, tags, changes, reason, identity, account
    }

    /// What an operation does, in the order plans list them. `adopt` takes an existing account
    /// dirsync did not create under management (it may then deactivate and delete it), so
    /// it is an operation of its own, listed after the creates: both start management.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case create, adopt, update, deactivate, reactivate, delete

        public static func < (lhs: Action, rhs: Action) -> Bool {
            lhs.rank < rhs.rank
        }

        /// Whether the operation carries the account's complete state after it (username,
        /// email, display name, roles, projects, tags): what the target writes, so a field it
        /// leaves out is cleared.
        public var carriesState: Bool {
            switch self {
            case .create, .adopt, .update, .reactivate: true
            case .deactivate, .delete: false
            }
        }

        /// Position in plan order (sorting 100k operations must not search `allCases`).
        var rank: Int {
            switch self {
            case .create: 0
            case .adopt: 1
            case .update: 2
            case .deactivate: 3
            case .reactivate: 4
            case .delete: 5
            }
        }
    }
}

/// What an `update` or `adopt` (or a `reactivate` that also changes something) changes; for a
/// `deactivate`, the project memberships it removes and a re-link.
public struct Changes: Sendable, Hashable, Codable {
    public var rolesAdded: [String]
    public var rolesRemoved: [String]
    /// Projects added or whose permission changed, with the new permission.
    public var projectsSet: [String: Permission]
    public var projectsRemoved: [String]
    public var usernameFrom: String?
    public var emailFrom: String?
    public var displayNameFrom: String?
    /// Tags gained or lost (through role changes or catalogue edits); absent when none.
    public var tagsAdded: [String]?
    public var tagsRemoved: [String]?
    /// The ledger identity the account was tied to before its person came back under a new
    /// entry (a new immutable id, the same `match_by` value); the apply moves the link.
    public var identityFrom: String?

    public init(
        rolesAdded: [String] = [], rolesRemoved: [String] = [], projectsSet: [String: Permission] = [:],
        projectsRemoved: [String] = [], usernameFrom: String? = nil, emailFrom: String? = nil, displayNameFrom: String? = nil,
        tagsAdded: [String]? = nil, tagsRemoved: [String]? = nil, identityFrom: String? = nil
    ) {
        self.rolesAdded = rolesAdded
        self.rolesRemoved = rolesRemoved
        self.projectsSet = projectsSet
        self.projectsRemoved = projectsRemoved
        self.usernameFrom = usernameFrom
        self.emailFrom = emailFrom
        self.displayNameFrom = displayNameFrom
        self.tagsAdded = tagsAdded
        self.tagsRemoved = tagsRemoved
        self.identityFrom = identityFrom
    }

    enum CodingKeys: String, CodingKey {
        case rolesAdded = "roles_added"
        case rolesRemoved = "roles_removed"
        case projectsSet = "projects_set"
        case projectsRemoved = "projects_removed"
        case usernameFrom = "username_from"
        case emailFrom = "email_from"
        case displayNameFrom = "display_name_from"
        case tagsAdded = "tags_added"
        case tagsRemoved = "tags_removed"
        case identityFrom = "identity_from"
    }

    /// True when nothing changes.
    public var isEmpty: Bool {
        rolesAdded.isEmpty && rolesRemoved.isEmpty && projectsSet.isEmpty && projectsRemoved.isEmpty
            && usernameFrom == nil && emailFrom == nil && displayNameFrom == nil
            && (tagsAdded ?? []).isEmpty && (tagsRemoved ?? []).isEmpty && identityFrom == nil
    }
}
