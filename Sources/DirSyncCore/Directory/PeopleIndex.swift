/// All sources' snapshots merged into people, with group memberships resolved.
///
/// STUB: the core helper implements this (DN comparison per RFC 4514, nested groups with
/// cycle protection, merging by `match_by`). Public API below is what the engine calls.
public struct PeopleIndex: Sendable {
    public private(set) var people: [Person]
    /// Users skipped or merged oddly (no match key, duplicate key within one source, …).
    public private(set) var warnings: [String]

    /// - Parameters:
    ///   - snapshots: in configured source order.
    ///   - matchBy: joins entries across sources.
    ///   - nestedSources: names of sources whose groups pass members on through nesting.
    public init(snapshots: [DirectorySnapshot], matchBy: MatchBy, nestedSources: Set<String>) {
        fatalError("not implemented")
    }

    /// Every group the person belongs to, directly or through nesting, each with the
    /// shortest path from a direct group (for `explain`).
    public func memberships(of person: Person) -> [GroupMembership] {
        fatalError("not implemented")
    }

    /// The person whose username or email equals `query` (case-insensitively), for `explain`.
    public func person(matching query: String) -> Person? {
        fatalError("not implemented")
    }
}

/// One human, joined across sources by the `match_by` key.
public struct Person: Sendable {
    /// The normalized match key (trimmed, lower-case email or username).
    public var key: String
    /// The person's entries in configured source order; the first is the primary one whose
    /// username, email and display name the account gets.
    public var entries: [DirectoryUser]
    /// Index into `PeopleIndex.people`.
    public var index: Int

    public init(key: String, entries: [DirectoryUser], index: Int) {
        self.key = key
        self.entries = entries
        self.index = index
    }

    /// Every ledger identity this person can be known by.
    public var identities: [String] { entries.map(\.identity) }
}

/// A group a person belongs to and how.
public struct GroupMembership: Sendable, Hashable {
    public var source: String
    public var name: String
    public var dn: String
    /// Group names from the person's direct group up to this one; one element when direct.
    public var path: [String]

    public init(source: String, name: String, dn: String, path: [String]) {
        self.source = source
        self.name = name
        self.dn = dn
        self.path = path
    }
}
