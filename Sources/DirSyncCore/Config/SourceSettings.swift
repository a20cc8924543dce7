/// One configured source: a name and how to read it.
public struct SourceSettings: Sendable {
    /// Unique, `[a-z0-9-]+`; it prefixes every identity the source yields.
    public var name: String
    public var kind: Kind
    public var location: SourceLocation?

    public enum Kind: Sendable {
        case ldap(LDAPSourceSettings)
        case ldif(LDIFSourceSettings)
        case scim(SCIMSourceSettings)
    }

    public init(name: String, kind: Kind, location: SourceLocation? = nil) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}

/// How to reach an LDAP directory and which entries are users and groups.
public struct LDAPSourceSettings: Sendable {
    /// `ldap://`, `ldaps://` or `ldapi://` URLs, tried in order until one binds.
    public var urls: [String]
    public var startTLS: Bool
    /// Absolute path of the CA bundle that must have signed the server's certificate.
    public var caFile: String?
    public var bindDN: String?
    public var bindPassword: Secret?
    /// Paged-results page size; the server's `sizelimit` never truncates a paged read.
    public var pageSize: Int
    /// Network and operation timeout, in seconds.
    public var timeoutSeconds: Double
    public var users: UserSchema
    public var groups: GroupSchema?
    /// Accepts a `bind_dn` without a password, and a password sent over `ldap://` without
    /// StartTLS to a host other than loopback; both are refused by default because the first
    /// silently reads less and the second exposes the password on the network.
    public var allowPlaintextBind: Bool

    public init(
        urls: [String], startTLS: Bool = false, caFile: String? = nil, bindDN: String? = nil,
        bindPassword: Secret? = nil, pageSize: Int = 500, timeoutSeconds: Double = 30,
        users: UserSchema, groups: GroupSchema?, allowPlaintextBind: Bool = false
    ) {
        self.allowPlaintextBind = allowPlaintextBind
        self.urls = urls
        self.startTLS = startTLS
        self.caFile = caFile
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.pageSize = pageSize
        self.timeoutSeconds = timeoutSeconds
        self.users = users
        self.groups = groups
    }
}

/// An LDIF export read as a directory, for offline previews.
public struct LDIFSourceSettings: Sendable {
    /// Absolute path of the LDIF file.
    public var path: String
    public var users: UserSchema
    public var groups: GroupSchema?

    public init(path: String, users: UserSchema, groups: GroupSchema?) {
        self.path = path
        self.users = users
        self.groups = groups
    }
}

/// A SCIM 2.0 service provider read as a directory: `/Users` and `/Groups`, the SCIM `id`
/// as the immutable identity.
public struct SCIMSourceSettings: Sendable {
    public var connection: SCIMConnectionSettings
    /// Resources asked for per page (`count`); a server may cap it lower, which is followed.
    public var pageSize: Int

    public init(connection: SCIMConnectionSettings, pageSize: Int = 500) {
        self.connection = connection
        self.pageSize = pageSize
    }
}
