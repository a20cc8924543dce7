import DirSyncCore

/// A SCIM 2.0 service provider (an identity provider's `/Users` and `/Groups`) read as a
/// directory: the SCIM `id` is the immutable identity, `active: false` is a disabled
/// person, group members are found by `value`, and a group among a group's members passes
/// its members on (nested groups).
///
/// A read is all or nothing, as for LDAP: any failed or short page is a `SourceError`.
public struct SCIMSource: DirectorySource {
    public let name: String
    let client: SCIMClient
    let pageSize: Int

    public init(name: String, settings: SCIMSourceSettings, transport: any HTTPTransport) {
        self.name = name
        self.client = SCIMClient(baseURL: settings.connection.url, transport: transport)
        self.pageSize = max(1, settings.pageSize)
    }

    public func readSnapshot() async throws -> DirectorySnapshot {
        let users: [JSONValue], groups: [JSONValue]
        do {
            async let u = client.listAll("Users", pageSize: pageSize)
            async let g = client.listAll("Groups", pageSize: pageSize)
            (users, groups) = try await (u, g)
        } catch where error is SCIMError || error is HTTPTransportError {
            throw SourceError(source: name, message: "\(client.baseURL): \(error)")
        }
        var warnings: [String] = []
        var people: [DirectoryUser] = []
        people.reserveCapacity(users.count)
        for user in users {
            guard let id = user["id"]?.string else { continue }
            let username = user["userName"]?.string
            if username == nil { warnings.append("source '\(name)': SCIM user \(id) has no userName") }
            people.append(
                DirectoryUser(
                    source: name, id: id, dn: userLocation(id), username: username,
                    email: SCIMUserDocument.primaryEmail(user),
                    displayName: user["displayName"]?.string ?? user["name"]?["formatted"]?.string,
                    disabled: user["active"]?.bool == false, attributes: SCIMUserAttributes.flatten(user)))
        }
        let groupIDs = Set(groups.compactMap { $0["id"]?.string })
        var directoryGroups: [DirectoryGroup] = []
        for group in groups {
            guard let id = group["id"]?.string else { continue }
            guard let displayName = group["displayName"]?.string else {
                warnings.append("source '\(name)': SCIM group \(id) has no displayName; rules cannot name it")
                continue
            }
            let members = (group["members"]?.array ?? []).compactMap { member -> String? in
                guard let value = member["value"]?.string else { return nil }
                let isGroup = member["type"]?.string == "Group" || (member["type"] == nil && groupIDs.contains(value))
                return isGroup ? groupLocation(value) : userLocation(value)
            }
            directoryGroups.append(DirectoryGroup(source: name, dn: groupLocation(id), name: displayName, members: members))
        }
        return DirectorySnapshot(source: name, users: people, groups: directoryGroups, warnings: warnings)
    }

    /// Where a resource lives: what group members are compared by, and what `explain` shows.
    func userLocation(_ id: String) -> String { "\(client.baseURL)/Users/\(id)" }
    func groupLocation(_ id: String) -> String { "\(client.baseURL)/Groups/\(id)" }
}
