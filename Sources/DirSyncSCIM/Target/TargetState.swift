import DirSyncCore

/// What dirsync knows about the application during one run: the Users and Groups it read,
/// and every change it made since, so that a membership is computed against what the
/// groups hold now and a group is created at most once.
actor TargetState {
    /// The User resources as read (a PUT sends them back with dirsync's attributes replaced).
    private(set) var users: [String: JSONValue] = [:]
    /// The accounts as read: the `before` of each operation.
    private(set) var accounts: [String: Account] = [:]
    /// Managed groups (project groups, and role groups under `roles_as: groups`): id → name.
    private var groupNames: [String: String] = [:]
    /// Name → ids, smallest id first (a provider may hold two groups with one name).
    private var groupIDs: [String: [String]] = [:]
    /// User id → the managed groups it is a member of.
    private var memberships: [String: Set<String>] = [:]
    /// Group creations under way, so that concurrent operations wanting one new group wait
    /// for the same creation.
    private var creating: [String: Task<String, any Error>] = [:]

    /// Replaces what is known with a fresh read; answers the accounts, with the roles and
    /// projects their group memberships carry.
    func load(users: [JSONValue], groups: [JSONValue], document: SCIMUserDocument, names: GroupNames) -> [Account] {
        self.users = [:]
        accounts = [:]
        groupNames = [:]
        groupIDs = [:]
        memberships = [:]
        var order: [String] = []
        for user in users {
            guard let account = document.account(user) else { continue }
            self.users[account.key] = user
            accounts[account.key] = account
            order.append(account.key)
        }
        for group in groups {
            guard let id = group["id"]?.string, let name = group["displayName"]?.string,
                  let meaning = names.meaning(of: name) else { continue }
            groupNames[id] = name
            groupIDs[name, default: []].append(id)
            for member in group["members"]?.array ?? [] {
                guard let userID = member["value"]?.string, accounts[userID] != nil else { continue }
                memberships[userID, default: []].insert(id)
                switch meaning {
                case .project(let project, let permission):
                    // Member of both permissions' groups: the stronger one is what the person has.
                    accounts[userID]!.projects[project] = max(permission, accounts[userID]!.projects[project] ?? permission)
                case .role(let role):
                    if !accounts[userID]!.roles.contains(role) { accounts[userID]!.roles.append(role) }
                }
            }
        }
        for name in groupIDs.keys { groupIDs[name]!.sort() }
        return order.map { key in
            var account = accounts[key]!
            account.roles.sort()
            accounts[key] = account
            return account
        }
    }

    /// The managed groups `userID` is in, as ids with their names.
    func groups(of userID: String) -> [(id: String, name: String)] {
        (memberships[userID] ?? []).compactMap { id in groupNames[id].map { (id, $0) } }.sorted { $0.id < $1.id }
    }

    /// The id of the group named `name`, creating it through `create` if no group has the
    /// name yet; one creation per name, however many operations ask at once. `created` is
    /// true for the caller whose `create` made it (its members went in with the creation).
    func groupID(
        named name: String, create: @escaping @Sendable () async throws -> (id: String, created: Bool)
    ) async throws -> (id: String, created: Bool) {
        if let id = groupIDs[name]?.first { return (id, false) }
        if let pending = creating[name] { return (try await pending.value, false) }
        let task = Task { try await create() }
        creating[name] = Task { try await task.value.id }
        defer { creating[name] = nil }
        let result = try await task.value
        if groupIDs[name]?.first == nil {
            groupNames[result.id] = name
            groupIDs[name] = [result.id]
        }
        return result
    }

    /// Notes memberships the application confirmed.
    func added(_ userIDs: [String], to groupID: String) {
        for user in userIDs { memberships[user, default: []].insert(groupID) }
    }

    func removed(_ userIDs: [String], from groupID: String) {
        for user in userIDs { memberships[user]?.remove(groupID) }
    }

    /// Notes a User the run found after its read (a create whose answer was lost).
    func noteUser(_ user: JSONValue) {
        guard let id = user["id"]?.string else { return }
        users[id] = user
    }
}
