/// Which entries are users and which attributes say who they are.
///
/// Defaults fit OpenLDAP's inetOrgPerson; Active Directory sets `id: objectGUID`,
/// `username: sAMAccountName` and `disabled: { active_directory: true }`.
public struct UserSchema: Sendable, Hashable {
    public var base: String
    public var filter: String
    /// Immutable identity attribute; `objectGUID` is read as 16 bytes and written as a UUID.
    public var id: String
    public var username: String
    public var email: String
    public var displayName: String
    public var disabled: DisabledRule?
    /// Extra attributes rules may test (`attribute:` conditions).
    public var attributes: [String]

    public init(
        base: String = "", filter: String = "(objectClass=inetOrgPerson)", id: String = "entryUUID",
        username: String = "uid", email: String = "mail", displayName: String = "cn",
        disabled: DisabledRule? = nil, attributes: [String] = []
    ) {
        self.base = base
        self.filter = filter
        self.id = id
        self.username = username
        self.email = email
        self.displayName = displayName
        self.disabled = disabled
        self.attributes = attributes
    }
}

/// How a source marks a locked user.
public enum DisabledRule: Sendable, Hashable {
    /// Disabled when the attribute has this value (compared case-insensitively), e.g. `nsAccountLock: TRUE`.
    case attribute(name: String, equals: String)
    /// Active Directory: bit 0x2 (ACCOUNTDISABLE) of `userAccountControl`.
    case activeDirectory
}

/// Which entries are groups and how they name their members.
public struct GroupSchema: Sendable, Hashable {
    public var base: String
    public var filter: String
    public var name: String
    public var member: [MemberAttribute]
    /// Whether a group that is a member of a group passes its members on.
    public var nested: Bool

    public init(
        base: String = "",
        filter: String = "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))",
        name: String = "cn", member: [MemberAttribute] = [.member, .uniqueMember], nested: Bool = true
    ) {
        self.base = base
        self.filter = filter
        self.name = name
        self.member = member
        self.nested = nested
    }
}

/// The member attributes dirsync understands.
public enum MemberAttribute: String, Sendable, Hashable, CaseIterable {
    /// DNs (groupOfNames).
    case member
    /// DNs with an optional `#'…'B` UID suffix (groupOfUniqueNames).
    case uniqueMember
    /// Usernames (posixGroup).
    case memberUid
}
