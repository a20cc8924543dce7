/// A group as one source holds it, with its member values untouched.
///
/// Member values are resolved to people and nested groups by the core, which compares DNs
/// the RFC 4514 way; a source only has to report what it read.
public struct DirectoryGroup: Sendable, Hashable {
    /// The configured name of the source that holds this group.
    public var source: String
    /// The group's DN (or, for SCIM, its resource location).
    public var dn: String
    /// The group's name as the source wrote it (`cn`, SCIM `displayName`): rules match on it.
    public var name: String
    /// `member` / `uniqueMember` values: DNs of users or of nested groups. A trailing
    /// `#'…'B` optional UID of `uniqueMember` has already been stripped by the source.
    /// When the snapshot says `membersResolved`, these are only the values that named
    /// none of its users (nested groups, people outside the user search).
    public var members: [String]
    /// Members the source resolved itself (see `MemberResolver`): positions in the
    /// snapshot's `users`.
    public var memberUsers: [Int32]
    /// `memberUid` values: usernames of members in the same source.
    public var memberUids: [String]

    public init(
        source: String, dn: String, name: String, members: [String] = [], memberUids: [String] = [],
        memberUsers: [Int32] = []
    ) {
        self.source = source
        self.dn = dn
        self.name = name
        self.members = members
        self.memberUids = memberUids
        self.memberUsers = memberUsers
    }
}
