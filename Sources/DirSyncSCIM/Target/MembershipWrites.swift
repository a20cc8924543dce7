import DirSyncCore

/// The group memberships of a chunk of operations, gathered per group so that each group
/// gets one PATCH per chunk however many of its members change.
struct MembershipChanges: Sendable {
    /// Group name → (operation position, user id) to add; the group may not exist yet.
    var additions: [String: [(Int, String)]] = [:]
    /// Group id → (operation position, user id) to remove.
    var removals: [String: [(Int, String)]] = [:]

    var isEmpty: Bool { additions.isEmpty && removals.isEmpty }
}

extension SCIMTarget {
    /// The managed groups an account in `current` should be in after `operation`; the
    /// project groups it leaves on deactivation are the ones `changes.projects_removed` names.
    func wantedGroups(_ operation: AccountOperation, current: Set<String>) -> Set<String> {
        switch operation.action {
        case .create, .adopt, .update, .reactivate:
            return names.names(roles: operation.roles ?? [], projects: operation.projects ?? [:])
        case .deactivate:
            let leaving = Set(operation.changes?.projectsRemoved ?? [])
            return current.filter { name in
                if case .project(let project, _) = names.meaning(of: name) { return !leaving.contains(project) }
                return true
            }
        case .delete:
            return []
        }
    }

    /// Adds `change` to the chunk's memberships: the groups to join and to leave.
    func gather(_ position: Int, _ operation: AccountOperation, userID: String, into changes: inout MembershipChanges) async {
        let current = await state.groups(of: userID)
        let currentNames = Set(current.map(\.name))
        let wanted = wantedGroups(operation, current: currentNames)
        for name in wanted.subtracting(currentNames) { changes.additions[name, default: []].append((position, userID)) }
        for group in current where !wanted.contains(group.name) {
            changes.removals[group.id, default: []].append((position, userID))
        }
    }

    /// Applies the chunk's memberships, one PATCH per group (groups created first when
    /// needed, at most once); answers the operations that failed, with why.
    func writeMemberships(_ changes: MembershipChanges) async -> [Int: String] {
        var failures: [Int: String] = [:]
        // Resolve names to ids (creating missing groups), then one request per group id.
        var perGroup: [String: (add: [(Int, String)], remove: [(Int, String)], name: String)] = [:]
        await withTaskGroup(of: (String, Result<(id: String, created: Bool), any Error>).self) { group in
            for (name, members) in changes.additions {
                group.addTask {
                    let result = await Result(catching: {
                        try await self.state.groupID(named: name) { try await self.createGroup(name, members: members.map(\.1)) }
                    })
                    return (name, result)
                }
            }
            for await (name, result) in group {
                switch result {
                case .success(let group) where group.created:
                    // Created with these members in it: nothing more to send.
                    await state.added(changes.additions[name]!.map(\.1), to: group.id)
                case .success(let group):
                    perGroup[group.id, default: ([], [], name)].add += changes.additions[name]!
                case .failure(let error):
                    for (position, _) in changes.additions[name]! { failures[position] = "group '\(name)': \(error)" }
                }
            }
        }
        for (id, members) in changes.removals { perGroup[id, default: ([], [], id)].remove += members }
        await withTaskGroup(of: [Int: String].self) { group in
            for (id, work) in perGroup {
                group.addTask { await self.patchGroup(id, name: work.name, add: work.add, remove: work.remove) }
            }
            for await groupFailures in group { failures.merge(groupFailures) { first, _ in first } }
        }
        return failures
    }

    /// One PATCH adding and removing members of group `id`. When the provider refuses it
    /// as a whole (a member to remove is already gone: 404 on some providers), each change
    /// is sent alone and a removal of a non-member counts as done.
    func patchGroup(_ id: String, name: String, add: [(Int, String)], remove: [(Int, String)]) async -> [Int: String] {
        if !features.patch { return await putGroup(id, name: name, add: add, remove: remove) }
        var operations: [JSONValue] = add.isEmpty ? [] : [SCIMTarget.memberAddition(add)]
        operations += remove.map { SCIMTarget.memberRemoval($0.1) }
        let path = "/Groups/\(id)"
        do {
            let reply = try await client.send("PATCH", path, body: SCIMClient.patchRequest(operations))
            if reply.status == 200 || reply.status == 204 {
                await state.added(add.map(\.1), to: id)
                await state.removed(remove.map(\.1), from: id)
                return [:]
            }
            guard !remove.isEmpty, reply.status == 404 || reply.status == 400 else {
                return SCIMTarget.failing(add + remove, "group '\(name)': \(SCIMError(request: "PATCH \(path)", reply: reply))")
            }
        } catch {
            return SCIMTarget.failing(add + remove, "group '\(name)': \(error)")
        }
        return await patchGroupOneByOne(id, name: name, add: add, remove: remove)
    }

    private func patchGroupOneByOne(_ id: String, name: String, add: [(Int, String)], remove: [(Int, String)]) async -> [Int: String] {
        var failures: [Int: String] = [:]
        let path = "/Groups/\(id)"
        // The additions together, then each removal alone; a 404 on a removal: not a member
        // (any more), which is what the removal wanted.
        var requests: [(members: [(Int, String)], adds: Bool)] = add.isEmpty ? [] : [(add, true)]
        requests += remove.map { ([$0], false) }
        for (members, adds) in requests {
            let operation = adds ? SCIMTarget.memberAddition(members) : SCIMTarget.memberRemoval(members[0].1)
            let reason: String
            do {
                let reply = try await client.send("PATCH", path, body: SCIMClient.patchRequest([operation]))
                if reply.status == 200 || reply.status == 204 || (!adds && reply.status == 404) {
                    if adds {
                        await state.added(members.map(\.1), to: id)
                    } else {
                        await state.removed(members.map(\.1), from: id)
                    }
                    continue
                }
                reason = "group '\(name)': \(SCIMError(request: "PATCH \(path)", reply: reply))"
            } catch {
                reason = "group '\(name)': \(error)"
            }
            failures.merge(SCIMTarget.failing(members, reason)) { first, _ in first }
        }
        return failures
    }

    /// The PATCH operation adding `members` to a group.
    static func memberAddition(_ members: [(Int, String)]) -> JSONValue {
        ["op": "add", "path": "members", "value": .array(members.map { ["value": .string($0.1)] })]
    }

    /// The PATCH operation removing `user` from a group.
    static func memberRemoval(_ user: String) -> JSONValue {
        ["op": "remove", "path": .string("members[\(SCIMFilter.equals("value", user))]")]
    }

    /// `reason` for each operation behind `members`.
    static func failing(_ members: [(Int, String)], _ reason: String) -> [Int: String] {
        Dictionary(members.map { ($0.0, reason) }, uniquingKeysWith: { first, _ in first })
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
