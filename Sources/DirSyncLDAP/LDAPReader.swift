import CLDAP
import DirSyncCore

/// One complete read of an LDAP source, run synchronously on the calling thread.
struct LDAPReader {
    let source: String
    let settings: LDAPSourceSettings

    func read() throws(SourceError) -> DirectorySnapshot {
        do {
            let connection = try connect()
            var warnings: [String] = []
            // The groups stream in on a second connection while the users arrive: they
            // need no users until their members are resolved, and reading them afterwards
            // would leave a core idle for part of the read.
            let url = connection.url
            let groupRead = settings.groups.map { schema in
                BackgroundRead { try readGroups(url: url, schema: schema) }
            }
            var resolver = MemberResolver(expectedUsers: 4096)
            let users: [DirectoryUser]
            do {
                users = try readUsers(connection, resolver: &resolver, warnings: &warnings)
            } catch {
                _ = groupRead?.wait()  // the group thread ends before the read reports
                throw error
            }
            var read = NumberedGroups()
            if let schema = settings.groups, let groupRead {
                switch groupRead.wait() {
                case .success(let groups):
                    read = groups
                case .failure(is GroupConnectionFailed):
                    // A server that refuses a second connection still gets read, one
                    // search after the other on the first.
                    read = NumberedGroups(try readEntries(
                        connection, mapper: GroupMapper(source: source, schema: schema),
                        base: schema.base, filter: schema.filter, warnings: &warnings))
                case .failure(let error):
                    throw error
                }
            }
            warnings += read.warnings
            let groups = resolve(read, schema: settings.groups, resolver: resolver)
            return DirectorySnapshot(
                source: source, users: users, groups: groups, warnings: warnings, membersResolved: true)
        } catch let error as LDAPError {
            throw SourceError(source: source, message: error.message)
        } catch let error as MappingError {
            throw SourceError(source: source, message: error.message + "; nothing was read")
        } catch {
            throw SourceError(source: source, message: "\(error)")
        }
    }

    /// Tries each URL in order until one connects and binds; reports every failure if none does.
    func connect() throws(LDAPError) -> LDAPConnection {
        guard !settings.urls.isEmpty else { throw LDAPError("no url is configured") }
        var failures: [String] = []
        for url in settings.urls {
            do {
                return try LDAPConnection(url: url, settings: settings)
            } catch {
                failures.append(error.message)
            }
        }
        if failures.count == 1 { throw LDAPError(failures[0]) }
        throw LDAPError("no LDAP server could be reached and bound (tried \(failures.count) URLs): "
            + failures.joined(separator: " | "))
    }

    /// Reads the users, adding each one's DN to `resolver` as it arrives (the reader has
    /// time to spare while the server assembles the next page).
    private func readUsers(
        _ connection: LDAPConnection, resolver: inout MemberResolver, warnings: inout [String]
    ) throws -> [DirectoryUser] {
        // Only the configured attributes; entryUUID, being operational, comes back only
        // because the id attribute is asked for by name. The list is never empty (id).
        try readEntries(
            connection, mapper: UserMapper(source: source, schema: settings.users),
            base: settings.users.base, filter: settings.users.filter, warnings: &warnings
        ) { user, position in
            resolver.addUser(dn: user.dn, position: position)
        }
    }

    /// Reads the groups on a connection of their own to `url` (the server the users come
    /// from) and numbers their member values (`MemberNumbering`), all while the users are
    /// still arriving. Runs on the background read's thread, where that connection is
    /// opened, used and closed.
    private func readGroups(url: String, schema: GroupSchema) throws -> NumberedGroups {
        let connection: LDAPConnection
        do {
            connection = try LDAPConnection(url: url, settings: settings)
        } catch {
            throw GroupConnectionFailed()
        }
        var warnings: [String] = []
        let groups = try readEntries(
            connection, mapper: GroupMapper(source: source, schema: schema),
            base: schema.base, filter: schema.filter, warnings: &warnings)
        var read = NumberedGroups(groups)
        read.warnings = warnings
        return read
    }

    /// Member values resolved to the users read: one lookup per distinct DN (see
    /// `MemberNumbering`), then each group's values through the numbers.
    private func resolve(_ read: NumberedGroups, schema: GroupSchema?, resolver: MemberResolver) -> [DirectoryGroup] {
        guard let schema else { return [] }
        var userOfMember: [Int32] = []
        read.numbering.bytes.withUnsafeBufferPointer {
            resolver.userPositions(ofMembers: $0, ends: read.numbering.ends, into: &userOfMember)
        }
        let mapper = GroupMapper(source: source, schema: schema)
        return read.groups.indices.map { g in
            mapper.assemble(read.groups[g], positions: read.numbers[g].map { userOfMember[Int($0)] })
        }
    }

    /// One paged, streamed search mapped entry by entry. Entries with ranged attributes (AD
    /// sends big groups' members in slices) are completed by DN after the paged search.
    /// Generic over the mapper and specialized by the compiler, so it costs nothing per value.
    private func readEntries<Mapper: EntryMapper>(
        _ connection: LDAPConnection, mapper: Mapper, base: String, filter: String, warnings: inout [String],
        added: (Mapper.Output, Int) -> Void = { _, _ in }
    ) throws -> [Mapper.Output] {
        var results: [Mapper.Output] = []
        var pending: [(String, Mapper.Accumulator, [RangeContinuation])] = []
        _ = try connection.search(
            base: base, filter: filter, attributes: mapper.slots.names, pageSize: settings.pageSize
        ) { entry in
            var acc = mapper.makeAccumulator()
            let (dn, ranges) = try connection.walk(entry: entry, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            if ranges.isEmpty {
                results.append(try mapper.finish(dn: dn, acc))
                added(results[results.count - 1], results.count - 1)
            } else {
                pending.append((dn, acc, ranges))
            }
        }
        for (dn, accumulated, ranges) in pending {
            var acc = accumulated
            try connection.fetchRanges(dn: dn, ranges, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            results.append(try mapper.finish(dn: dn, acc))
            added(results[results.count - 1], results.count - 1)
        }
        return results
    }
}

/// The second connection (for the groups) could not be opened; the first one is used.
private struct GroupConnectionFailed: Error {}

/// A source's groups as read, their member values numbered (`MemberNumbering`):
/// `numbers[g][k]` is the number of value `k` of group `g`.
private struct NumberedGroups: Sendable {
    var groups: [PendingGroup] = []
    var numbers: [[Int32]] = []
    var numbering = MemberNumbering()
    var warnings: [String] = []

    init() {}

    init(_ groups: [PendingGroup]) {
        self.groups = groups
        numbers.reserveCapacity(groups.count)
        for group in groups {
            numbers.append(group.members.memberBytes.withUnsafeBufferPointer {
                numbering.number($0, ends: group.members.memberEnds)
            })
        }
    }
}
