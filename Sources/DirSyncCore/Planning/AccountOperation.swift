/// One change a sync would make to one account; the unit of the plan, the apply and the audit log.
///
/// `roles`, `projects` and `tags` are the account's complete state after the operation (for
/// create, update and reactivate), arrays sorted, email lower-case: so a saved plan can be
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

    /// What an operation does, in the order plans list them.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case create, update, deactivate, reactivate, delete

        public static func < (lhs: Action, rhs: Action) -> Bool {
            lhs.rank < rhs.rank
        }

        /// Whether the operation carries the account's complete state after it (username,
        /// email, display name, roles, projects, tags): what the target writes, so a field it
        /// leaves out is cleared.
        public var carriesState: Bool {
            switch self {
            case .create, .update, .reactivate: true
            case .deactivate, .delete: false
            }
        }

        /// Position in plan order (sorting 100k operations must not search `allCases`).
        var rank: Int {
            switch self {
            case .create: 0
            case .update: 1
            case .deactivate: 2
            case .reactivate: 3
            case .delete: 4
            }
        }
    }
}

/// What an `update` (or a `reactivate` that also changes something) changes.
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

    public init(
        rolesAdded: [String] = [], rolesRemoved: [String] = [], projectsSet: [String: Permission] = [:],
        projectsRemoved: [String] = [], usernameFrom: String? = nil, emailFrom: String? = nil, displayNameFrom: String? = nil,
        tagsAdded: [String]? = nil, tagsRemoved: [String]? = nil
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
    }

    /// True when nothing changes.
    public var isEmpty: Bool {
        rolesAdded.isEmpty && rolesRemoved.isEmpty && projectsSet.isEmpty && projectsRemoved.isEmpty
            && usernameFrom == nil && emailFrom == nil && displayNameFrom == nil
            && (tagsAdded ?? []).isEmpty && (tagsRemoved ?? []).isEmpty
    }
}
