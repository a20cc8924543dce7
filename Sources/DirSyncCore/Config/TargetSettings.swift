/// Where accounts live.
public enum TargetSettings: Sendable {
    /// The embedded default: accounts in the state database.
    case store
    /// The application's SCIM 2.0 endpoint.
    case scim(SCIMTargetSettings)
}

/// How to push accounts to a SCIM 2.0 application.
public struct SCIMTargetSettings: Sendable {
    public var url: String
    public var token: Secret?
    public var caFile: String?
    public var rolesAs: RolesAs
    /// SCIM Group displayName per role when `rolesAs == .groups`; `{role}` is substituted.
    public var roleGroup: String
    /// SCIM Group displayName for a project membership; `{project}` and `{permission}` are substituted.
    public var projectGroup: String
    public var timeoutSeconds: Double

    public enum RolesAs: String, Sendable { case attribute, groups }

    public init(
        url: String, token: Secret?, caFile: String? = nil, rolesAs: RolesAs = .attribute,
        roleGroup: String = "{role}", projectGroup: String = "{project}:{permission}", timeoutSeconds: Double = 30
    ) {
        self.url = url
        self.token = token
        self.caFile = caFile
        self.rolesAs = rolesAs
        self.roleGroup = roleGroup
        self.projectGroup = projectGroup
        self.timeoutSeconds = timeoutSeconds
    }
}
