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
            var resolver = MemberResolver(expectedUsers: 4096)
            let users = try readUsers(connection, resolver: &resolver, warnings: &warnings)
            let groups = try settings.groups.map { schema throws in
                try readGroups(connection, schema: schema, resolver: resolver, warnings: &warnings)
            } ?? []
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

    /// Reads the groups, resolving member values to the users already read.
    private func readGroups(
        _ connection: LDAPConnection, schema: GroupSchema, resolver: MemberResolver, warnings: inout [String]
    ) throws -> [DirectoryGroup] {
        try readEntries(
            connection, mapper: GroupMapper(source: source, schema: schema, resolver: resolver),
            base: schema.base, filter: schema.filter, warnings: &warnings)
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
        let summary = try connection.search(
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
        if summary.references > 0 {
            warnings.append("\(summary.references) search references under \(base) "
                + "were not followed (referrals to other servers)")
        }
        return results
    }
}
