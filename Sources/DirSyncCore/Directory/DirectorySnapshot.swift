/// Everything one source holds, read completely and at once.
///
/// A snapshot is all or nothing: a source that cannot read every page throws instead of
/// returning one, so a partial read can never look like a mass departure.
public struct DirectorySnapshot: Sendable {
    public var source: String
    public var users: [DirectoryUser]
    public var groups: [DirectoryGroup]
    /// Things the operator should hear about that did not stop the read.
    public var warnings: [String]
    /// True when the source resolved member values against its users while reading
    /// (`MemberResolver`): every user member is in `memberUsers`, and what is left in
    /// `members` names no user of this snapshot.
    public var membersResolved: Bool

    public init(
        source: String, users: [DirectoryUser], groups: [DirectoryGroup], warnings: [String] = [],
        membersResolved: Bool = false
    ) {
        self.source = source
        self.users = users
        self.groups = groups
        self.warnings = warnings
        self.membersResolved = membersResolved
    }
}
