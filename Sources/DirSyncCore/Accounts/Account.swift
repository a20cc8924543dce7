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
    /// The directory identity a remote target keeps beside the account (SCIM `externalId`),
    /// which dirsync sets on every account it creates: how an account created by a run that
    /// was killed before recording it is recognised and adopted, never created twice. Nil
    /// for the embedded store, whose ledger is written with the account.
    public var externalID: String?

    public init(
        key: String, username: String, email: String?, displayName: String?, status: AccountStatus,
        roles: [String] = [], projects: [String: Permission] = [:], tags: [String] = [], externalID: String? = nil
    ) {
        self.externalID = externalID
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
