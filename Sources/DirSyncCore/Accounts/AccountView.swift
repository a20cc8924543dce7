/// An account as the commands show it: each entry of `dirsync accounts` (contract section
/// 3) and the account part of `dirsync explain`, with whether dirsync manages it.
///
/// Encodes every contract key even when empty (`email` and `display_name` as `null`), so a
/// script can read `.email` without first asking whether the key is there; `key` and
/// `gone_since`, which the `accounts` list leaves out, appear only when set.
public struct AccountView: Sendable, Hashable, Codable {
    /// The target's key: `explain` shows it; the `accounts` list leaves it out (nil), as
    /// its contract fields do.
    public var key: String?
    public var username: String
    public var email: String?
    public var displayName: String?
    public var status: AccountStatus
    /// Sorted, as are `tags`.
    public var roles: [String]
    public var projects: [String: Permission]
    public var tags: [String]
    public var managed: Bool
    /// `yyyy-MM-dd` (UTC) when the person was first seen gone from every source (`explain`).
    public var goneSince: String?

    enum CodingKeys: String, CodingKey {
        case key, username, email, status, roles, projects, tags, managed
        case displayName = "display_name"
        case goneSince = "gone_since"
    }

    public init(account: Account, managed: Bool, showsKey: Bool = true, goneSince: String? = nil) {
        key = showsKey ? account.key : nil
        username = account.username
        email = account.email
        displayName = account.displayName
        status = account.status
        roles = account.roles.sorted()
        projects = account.projects
        tags = account.tags.sorted()
        self.managed = managed
        self.goneSince = goneSince
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encode(username, forKey: .username)
        try container.encode(email, forKey: .email)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(status, forKey: .status)
        try container.encode(roles, forKey: .roles)
        try container.encode(projects, forKey: .projects)
        try container.encode(tags, forKey: .tags)
        try container.encode(managed, forKey: .managed)
        try container.encodeIfPresent(goneSince, forKey: .goneSince)
    }
}
