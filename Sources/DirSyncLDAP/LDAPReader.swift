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
            let users = try readUsers(connection, warnings: &warnings)
            let groups = try settings.groups.map { schema throws in
                try readGroups(connection, schema: schema, warnings: &warnings)
            } ?? []
            return DirectorySnapshot(source: source, users: users, groups: groups, warnings: warnings)
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

    private func readUsers(_ connection: LDAPConnection, warnings: inout [String]) throws -> [DirectoryUser] {
        let mapper = UserMapper(source: source, schema: settings.users)
        var users: [DirectoryUser] = []
        var pending: [(String, UserMapper.Accumulator, [RangeContinuation])] = []
        // Only the configured attributes; entryUUID, being operational, comes back only
        // because the id attribute is asked for by name. The list is never empty (id).
        let attributes = mapper.slots.names
        let summary = try connection.search(
            base: settings.users.base, filter: settings.users.filter, attributes: attributes,
            pageSize: settings.pageSize
        ) { entry in
            var acc = UserMapper.Accumulator()
            let (dn, ranges) = try connection.walk(entry: entry, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            if ranges.isEmpty {
                users.append(try mapper.finish(dn: dn, acc))
            } else {
                pending.append((dn, acc, ranges))
            }
        }
        // Entries with ranged attributes are completed after the paged search, by DN.
        for (dn, accumulated, ranges) in pending {
            var acc = accumulated
            try connection.fetchRanges(dn: dn, ranges, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            users.append(try mapper.finish(dn: dn, acc))
        }
        if summary.references > 0 {
            warnings.append("\(summary.references) search references under \(settings.users.base) "
                + "were not followed (referrals to other servers)")
        }
        return users
    }

    private func readGroups(
        _ connection: LDAPConnection, schema: GroupSchema, warnings: inout [String]
    ) throws -> [DirectoryGroup] {
        let mapper = GroupMapper(source: source, schema: schema)
        var groups: [DirectoryGroup] = []
        var pending: [(String, GroupMapper.Accumulator, [RangeContinuation])] = []
        let summary = try connection.search(
            base: schema.base, filter: schema.filter, attributes: mapper.slots.names,
            pageSize: settings.pageSize
        ) { entry in
            var acc = GroupMapper.Accumulator()
            let (dn, ranges) = try connection.walk(entry: entry, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            if ranges.isEmpty {
                groups.append(try mapper.finish(dn: dn, acc))
            } else {
                pending.append((dn, acc, ranges))
            }
        }
        // AD sends big groups' members in ranges; fetch the rest by DN after the paged search.
        for (dn, accumulated, ranges) in pending {
            var acc = accumulated
            try connection.fetchRanges(dn: dn, ranges, slots: mapper.slots) { slot, value in
                mapper.add(slot: slot, value: value, to: &acc)
            }
            groups.append(try mapper.finish(dn: dn, acc))
        }
        if summary.references > 0 {
            warnings.append("\(summary.references) search references under \(schema.base) "
                + "were not followed (referrals to other servers)")
        }
        return groups
    }
}
