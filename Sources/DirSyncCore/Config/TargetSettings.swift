/// Where accounts live.
public enum TargetSettings: Sendable {
    /// The embedded default: accounts in the state database.
    case store
    /// The application's SCIM 2.0 endpoint.
    case scim(SCIMTargetSettings)
}

/// How to push accounts to a SCIM 2.0 application.
public struct SCIMTargetSettings: Sendable {
    /// How dirsync reaches the application: shared with a SCIM source.
    public var connection: SCIMConnectionSettings
    public var rolesAs: RolesAs
    /// SCIM Group displayName per role when `rolesAs == .groups`; `{role}` is substituted.
    public var roleGroup: String
    /// SCIM Group displayName for a project membership; `{project}` and `{permission}` are substituted.
    public var projectGroup: String
    /// Requests in flight while applying.
    public var concurrency: Int
    /// Whether to batch requests through `/Bulk` when the application offers it.
    public var bulk: Bulk
    /// Whether tags travel as `User.entitlements` (and are compared there) or not at all.
    public var tagsAs: TagsAs

    public enum RolesAs: String, Sendable { case attribute, groups }
    public enum Bulk: String, Sendable { case auto, off }
    public enum TagsAs: String, Sendable { case entitlements, none }

    public init(
        connection: SCIMConnectionSettings, rolesAs: RolesAs = .attribute, roleGroup: String = "{role}",
        projectGroup: String = "{project}:{permission}", concurrency: Int = 8, bulk: Bulk = .auto,
        tagsAs: TagsAs = .entitlements
    ) {
        self.connection = connection
        self.rolesAs = rolesAs
        self.roleGroup = roleGroup
        self.projectGroup = projectGroup
        self.concurrency = concurrency
        self.bulk = bulk
        self.tagsAs = tagsAs
    }
}

/// How to reach a SCIM 2.0 service provider, as a target or as a source.
///
/// One type for both so that the rules a bearer token travels under (verified TLS, no
/// plaintext off loopback) are written and checked once.
public struct SCIMConnectionSettings: Sendable {
    /// The base URL (`https://app.example.com/scim/v2`), without a trailing slash.
    public var url: String
    /// The bearer token, from `token_file` or `token_env`; nil sends no Authorization header.
    public var token: Secret?
    /// Absolute path of a CA bundle to verify the server with instead of the system's.
    public var caFile: String?
    /// Per request, in seconds (connect and whole transfer).
    public var timeoutSeconds: Double
    /// Accepts `http://` to a host other than loopback; refused by default because the
    /// bearer token would cross the network in the clear.
    public var allowPlaintext: Bool

    public init(url: String, token: Secret? = nil, caFile: String? = nil, timeoutSeconds: Double = 30, allowPlaintext: Bool = false) {
        self.url = url
        self.token = token
        self.caFile = caFile
        self.timeoutSeconds = timeoutSeconds
        self.allowPlaintext = allowPlaintext
    }
}
