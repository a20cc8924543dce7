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

    public init(source: String, users: [DirectoryUser], groups: [DirectoryGroup], warnings: [String] = []) {
        self.source = source
        self.users = users
        self.groups = groups
        self.warnings = warnings
    }
}
