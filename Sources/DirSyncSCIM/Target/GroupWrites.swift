import DirSyncCore

/// Whole-group writes: creating a group dirsync needs, and, for a provider without PATCH,
/// replacing a group's members by PUT.
extension SCIMTarget {
    /// Creates the group `name` with `members`; called only for a name the run's complete
    /// read of `/Groups` did not find (providers accept two groups with one `displayName`,
    /// so dirsync must never create one that exists). `created` says the members went in
    /// with it. A creation whose answer was lost, or that the provider calls a conflict, is
    /// looked up, never repeated blindly; a group found instead of created gets its members
    /// by PATCH like any other.
    func createGroup(_ name: String, members: [String]) async throws -> (id: String, created: Bool) {
        // Not asked before creating: the read is fresh (the state lock keeps other syncs
        // out), and a filtered search costs some providers a pass over every group's members.
        let lookup = { try await self.client.search("Groups", filter: SCIMFilter.equals("displayName", name)).compactMap { $0["id"]?.string }.min() }
        let body: JSONValue = [
            "schemas": [.string(SCIMClient.groupSchema)], "displayName": .string(name),
            "members": .array(members.map { ["value": .string($0)] }),
        ]
        switch try await postOnce("/Groups", body, lookup: lookup) {
        case .found(let existing):
            return (existing, false)
        case .answered(let reply):
            if reply.status == 201 || reply.status == 200, let id = reply.body["id"]?.string { return (id, true) }
            if reply.status == 409, let existing = try await lookup() { return (existing, false) }
            throw SCIMError(request: "POST /Groups", reply: reply)
        }
    }

    /// Without PATCH: the group as it stands now, its members changed, sent back whole by PUT.
    func putGroup(_ id: String, name: String, add: [(Int, String)], remove: [(Int, String)]) async -> [Int: String] {
        let path = "/Groups/\(id)"
        do {
            var group = try await client.expect([200], "GET", path).body.object ?? [:]
            let leaving = Set(remove.map(\.1))
            var members = (group["members"]?.array ?? []).filter { member in
                !(member["value"]?.string.map(leaving.contains) ?? false)
            }
            let present = Set(members.compactMap { $0["value"]?.string })
            for (_, user) in add where !present.contains(user) { members.append(["value": .string(user)]) }
            group["members"] = .array(members)
            group["meta"] = nil
            let reply = try await client.send("PUT", path, body: .object(group))
            guard reply.status == 200 || reply.status == 204 else { throw SCIMError(request: "PUT \(path)", reply: reply) }
            await state.added(add.map(\.1), to: id)
            await state.removed(remove.map(\.1), from: id)
            return [:]
        } catch {
            return SCIMTarget.failing(add + remove, "group '\(name)': \(error)")
        }
    }
}
