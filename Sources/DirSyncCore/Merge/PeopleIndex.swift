/// All sources' snapshots merged into people, with group memberships resolved.
///
/// Built once per sync from complete snapshots. Everything is held as integer indices
/// (users, groups, people) so that a large directory (100k users in 5k groups) resolves
/// without a string per membership; group paths, which only `explain` needs, are computed
/// on demand.
public struct PeopleIndex: Sendable {
    public private(set) var people: [Person]
    /// Users skipped or merged oddly (no match key, duplicate key within one source, …).
    public private(set) var warnings: [String]
    /// Entries present in a source but in no person (no match key, or one shared within
    /// their source), in read order: their managed accounts are left as they are.
    public private(set) var held: [HeldEntry]
    /// The key people were joined by (also how `explain` finds an unmanaged account).
    public let matchBy: MatchBy
    /// Every group of every source, in source order then read order.
    public let groups: [DirectoryGroup]
    /// Resolved group graph: nesting parents and each group's ancestor closure.
    let graph: GroupGraph
    /// Per person: their first user (global user index); `entryNext` chains the rest.
    let personFirstEntry: [Int32]
    let entryNext: [Int32]
    /// Per user: direct groups, `userDirect[userOffsets[u]..<userOffsets[u + 1]]`.
    let userOffsets: [Int]
    let userDirect: [Int32]
    /// Per person: direct and nested groups, as a flat list with offsets (ascending per person).
    let allGroupOffsets: [Int]
    let allGroupList: [Int32]

    /// - Parameters:
    ///   - snapshots: in configured source order.
    ///   - matchBy: joins entries across sources.
    ///   - nestedSources: names of sources whose groups pass members on through nesting.
    public init(snapshots: [DirectorySnapshot], matchBy: MatchBy, nestedSources: Set<String>) {
        self.matchBy = matchBy
        var warnings: [String] = []
        var groups: [DirectoryGroup] = []
        var userCount = 0
        // Direct memberships as a flat edge list (user, group), bucketed per user below:
        // no per-user arrays for 500k memberships.
        var edgeUser: [Int32] = []
        var edgeGroup: [Int32] = []
        var parents: [[Int32]] = []

        for snapshot in snapshots {
            let userBase = userCount
            let groupBase = groups.count
            userCount += snapshot.users.count
            groups.append(contentsOf: snapshot.groups)
            parents.append(contentsOf: repeatElement([], count: snapshot.groups.count))

            // A source that resolved its members while reading left only non-user DNs.
            let resolved = snapshot.membersResolved
            var userByDN = KeyTable(capacity: resolved ? 0 : snapshot.users.count)
            if !resolved {
                for (i, user) in snapshot.users.enumerated() { userByDN.insertIfAbsent(user.dn, Int32(userBase + i)) }
            }
            var groupByDN = KeyTable(capacity: snapshot.groups.count)
            for (i, group) in snapshot.groups.enumerated() { groupByDN.insertIfAbsent(group.dn, Int32(groupBase + i)) }
            let nested = nestedSources.contains(snapshot.source)
            var userByUid: [String: Int32] = [:]
            if snapshot.groups.contains(where: { !$0.memberUids.isEmpty }) {
                for (j, user) in snapshot.users.enumerated() {
                    guard let name = user.username else { continue }
                    let k = MatchBy.normalize(name)
                    if !k.isEmpty, userByUid[k] == nil { userByUid[k] = Int32(userBase + j) }
                }
            }
            // Member values resolve independently per group: spread the groups over the
            // cores, then append the parts in group order (the same edges, in the same
            // order, as one pass would give).
            let sourceGroups = snapshot.groups
            let (users, groupDNs, uids, userCountHere) = (userByDN, groupByDN, userByUid, Int32(snapshot.users.count))
            let parts = Parallel.chunks(sourceGroups.count, minimum: 64) { range in
                var part = ResolvedMembers()
                for i in range {
                    let g = Int32(groupBase + i)
                    for u in sourceGroups[i].memberUsers where u >= 0 && u < userCountHere {
                        part.edgeUser.append(Int32(userBase) + u)
                        part.edgeGroup.append(g)
                    }
                    for member in sourceGroups[i].members {
                        if !resolved, let u = users.value(for: member) {
                            part.edgeUser.append(u)
                            part.edgeGroup.append(g)
                        } else if nested, let h = groupDNs.value(for: member), h != g {
                            part.nesting.append((child: h, parent: g))
                        }
                    }
                    for uid in sourceGroups[i].memberUids {
                        if let u = uids[MatchBy.normalize(uid)] {
                            part.edgeUser.append(u)
                            part.edgeGroup.append(g)
                        }
                    }
                }
                return part
            }
            for part in parts {
                edgeUser.append(contentsOf: part.edgeUser)
                edgeGroup.append(contentsOf: part.edgeGroup)
                for link in part.nesting { parents[Int(link.child)].append(link.parent) }
            }
        }

        // Merge entries into people by the match key. A key two entries of one source share
        // names nobody for sure: such entries are held back like entries without a key, all
        // of them, and the merge is done again without them (rare: only then is it done twice).
        var merged = Merge(snapshots: snapshots, userCount: userCount, matchBy: matchBy, ambiguous: [:])
        if !merged.ambiguous.isEmpty {
            merged = Merge(snapshots: snapshots, userCount: userCount, matchBy: matchBy, ambiguous: merged.ambiguous)
        }
        warnings += merged.held.map { held in
            "source '\(held.user.source)': \(held.user.dn)\(held.user.username.map { " (username '\($0)')" } ?? "") "
                + "\(held.why): no new account, and an account dirsync manages for it is left as it is"
        }
        let people = merged.people
        let personFirst = merged.personFirst
        let entryNext = merged.entryNext

        // Bucket the edges per user (counting sort): userDirect[userOffsets[u]..<userOffsets[u+1]].
        var userOffsets = [Int](repeating: 0, count: userCount + 1)
        for u in edgeUser { userOffsets[Int(u) + 1] += 1 }
        for u in 0..<userCount { userOffsets[u + 1] += userOffsets[u] }
        var fill = userOffsets
        var userDirect = [Int32](repeating: 0, count: edgeUser.count)
        for (e, u) in edgeUser.enumerated() {
            userDirect[fill[Int(u)]] = edgeGroup[e]
            fill[Int(u)] += 1
        }

        let graph = GroupGraph(parents: parents)
        var stamp = [Int32](repeating: -1, count: groups.count)
        var offsets: [Int] = [0]
        offsets.reserveCapacity(people.count + 1)
        var list: [Int32] = []
        list.reserveCapacity(edgeUser.count * 2)
        for p in people.indices {
            let start = list.count
            var u = Int(personFirst[p])
            while u >= 0 {
                defer { u = Int(entryNext[u]) }
                for g in userDirect[userOffsets[u]..<userOffsets[u + 1]] {
                    // A stamped group's whole closure is stamped already: closures are transitive.
                    if stamp[Int(g)] == Int32(p) { continue }
                    for a in graph.closure(of: Int(g)) where stamp[Int(a)] != Int32(p) {
                        stamp[Int(a)] = Int32(p)
                        list.append(a)
                    }
                }
            }
            list[start...].sort()
            offsets.append(list.count)
        }

        self.people = people
        self.warnings = warnings
        self.held = merged.held
        // Members are resolved into the offsets above: keep names and DNs only, so the
        // ~500k raw member strings of a large directory can be freed.
        self.groups = groups.map { DirectoryGroup(source: $0.source, dn: $0.dn, name: $0.name) }
        self.graph = graph
        self.personFirstEntry = personFirst
        self.entryNext = entryNext
        self.userOffsets = userOffsets
        self.userDirect = userDirect
        self.allGroupOffsets = offsets
        self.allGroupList = list
    }

    /// Indices into `groups` of every group the person belongs to, directly or nested, ascending.
    func groupIndices(of person: Int) -> ArraySlice<Int32> {
        allGroupList[allGroupOffsets[person]..<allGroupOffsets[person + 1]]
    }

    /// Every group the person belongs to, directly or through nesting, each with the
    /// shortest path from a direct group (for `explain`).
    public func memberships(of person: Person) -> [GroupMembership] {
        guard person.index < personFirstEntry.count else { return [] }
        var direct: [Int32] = []
        var u = Int(personFirstEntry[person.index])
        while u >= 0 {
            for g in userDirect[userOffsets[u]..<userOffsets[u + 1]] where !direct.contains(g) { direct.append(g) }
            u = Int(entryNext[u])
        }
        let paths = graph.shortestPaths(from: direct)
        return paths.keys.sorted().map { g in
            let group = groups[Int(g)]
            return GroupMembership(
                source: group.source, name: group.name, dn: group.dn,
                path: paths[g]!.map { groups[Int($0)].name })
        }
    }

    /// The person whose username or email equals `query` (case-insensitively), for `explain`.
    public func person(matching query: String) -> Person? {
        let q = MatchBy.normalize(query)
        guard !q.isEmpty else { return nil }
        if let p = people.first(where: { $0.key == q }) { return p }
        return people.first { person in
            person.entries.contains { entry in
                entry.username.map(MatchBy.normalize) == q || entry.email.map(MatchBy.normalize) == q
            }
        }
    }
}

extension PeopleIndex {
    /// The held entry whose username or email equals `query` (case-insensitively), for `explain`.
    public func heldEntry(matching query: String) -> HeldEntry? {
        let q = MatchBy.normalize(query)
        guard !q.isEmpty else { return nil }
        return held.first { held in
            held.user.username.map(MatchBy.normalize) == q || held.user.email.map(MatchBy.normalize) == q
        }
    }
}

/// The entries of all sources joined into people by the match key, in read order.
private struct Merge {
    var people: [Person] = []
    var personFirst: [Int32] = []
    var entryNext: [Int32]
    var held: [HeldEntry] = []
    /// `source NUL key` → the DNs of that source's entries sharing the key, in read order.
    var ambiguous: [String: [String]] = [:]

    /// - Parameter ambiguous: keys known to be shared within a source (from a first merge):
    ///   their entries are held rather than merged.
    init(snapshots: [DirectorySnapshot], userCount: Int, matchBy: MatchBy, ambiguous known: [String: [String]]) {
        entryNext = [Int32](repeating: -1, count: userCount)
        // Byte-keyed (see `KeyTable`): a `Dictionary<String, Int>` of 100k emails spent
        // its time comparing keys on probes.
        var personByKey = KeyTable(capacity: userCount)
        var personLast: [Int32] = []
        // Users are read in place (`users[i].email`) and copied once, into their person:
        // copying every entry into a loop variable first retained each of its fields twice.
        var u = -1
        for snapshot in snapshots {
            let users = snapshot.users
            for i in users.indices {
                u += 1
                let raw = matchBy == .email ? users[i].email : users[i].username
                let key = raw.map(MatchBy.normalize) ?? ""
                if key.isEmpty {
                    held.append(HeldEntry(user: users[i], why: "has no \(matchBy.rawValue)"))
                    continue
                }
                if !known.isEmpty, let sharing = known[users[i].source + "\u{0}" + key] {
                    let other = sharing.first { $0 != users[i].dn } ?? sharing[0]
                    held.append(HeldEntry(user: users[i], why: "has the same \(matchBy.rawValue) '\(key)' as \(other)"))
                    continue
                }
                if let found = personByKey.insertIfAbsent(exact: key, Int32(people.count)) {
                    let p = Int(found)
                    if let same = people[p].entries.first(where: { $0.source == users[i].source }) {
                        ambiguous[users[i].source + "\u{0}" + key, default: [same.dn]].append(users[i].dn)
                        continue
                    }
                    people[p].entries.append(users[i])
                    entryNext[Int(personLast[p])] = Int32(u)
                    personLast[p] = Int32(u)
                } else {
                    let p = people.count  // just added to personByKey
                    people.append(Person(key: key, entries: [users[i]], index: p))
                    personFirst.append(Int32(u))
                    personLast.append(Int32(u))
                }
            }
        }
    }
}

/// The direct memberships found in some of a source's groups.
private struct ResolvedMembers {
    var edgeUser: [Int32] = []
    var edgeGroup: [Int32] = []
    var nesting: [(child: Int32, parent: Int32)] = []
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
