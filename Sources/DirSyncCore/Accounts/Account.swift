/// An account as the target application holds it.
///
/// `roles` and `tags` are kept sorted and `email` lower-case so that two accounts with the
/// same content compare equal, which is what makes a plan empty after a sync.
public struct Account: Sendable, Hashable, Codable {
    /// The target's own key for the account (store row id, SCIM `id`).
    public var key: String
    public var username: String
    public var email: String?
    public var displayName: String?
    public var status: AccountStatus
    public var roles: [String]
    public var projects: [String: Permission]
    public var tags: [String]

    public init(
        key: String, username: String, email: String?, displayName: String?, status: AccountStatus,
        roles: [String] = [], projects: [String: Permission] = [:], tags: [String] = []
    ) {
        self.key = key
        self.username = username
        self.email = email
        self.displayName = displayName
        self.status = status
        self.roles = roles
        self.projects = projects
        self.tags = tags
    }
}

/// Whether an account may sign in. dirsync deactivates before it deletes.
public enum AccountStatus: String, Sendable, Codable, Hashable {
    case active
    case inactive
}
