/// The account a person should have: what create, update and reactivate write.
struct DesiredAccount: Sendable, Hashable {
    var username: String
    var email: String?
    var displayName: String?
    var roles: [String]
    var projects: [String: Permission]
    var tags: [String]

    /// Username, email and display name come from the primary entry, falling back to later
    /// entries for missing fields; email is lower-cased.
    init(_ decision: Decision) {
        // Fields are read in place (`entries[i].email`): going through a closure per field
        // copied every entry three times, for every person of a 100k plan.
        let entries = decision.person.entries
        var email: String?, username: String?, displayName: String?
        for i in entries.indices {
            if email == nil, let value = entries[i].email, !value.isEmpty { email = value }
            if username == nil, let value = entries[i].username, !value.isEmpty { username = value }
            if displayName == nil, let value = entries[i].displayName, !value.isEmpty { displayName = value }
        }
        let normalizedEmail = email.map(MatchBy.normalize)
        self.email = normalizedEmail
        self.username = username ?? normalizedEmail ?? decision.person.key
        self.displayName = displayName
        self.roles = decision.roles
        self.projects = decision.projects
        self.tags = decision.tags
    }

    /// The operation that writes this state (consuming: the fields move into it).
    consuming func operation(_ action: AccountOperation.Action, changes: Changes? = nil, reason: String, identity: String?, account: String?) -> AccountOperation {
        AccountOperation(
            action: action, username: username, email: email, displayName: displayName, roles: roles,
            projects: projects, tags: tags, changes: changes, reason: reason, identity: identity, account: account)
    }
}

/// What differs between an account and its desired state.
enum AccountDiff {
    static func changes(from account: Account, to desired: DesiredAccount) -> Changes {
        // Steady state (nearly everyone on a nightly run): nothing differs, and no sets are built.
        if account.roles == desired.roles, account.projects == desired.projects, account.tags == desired.tags,
            account.username == desired.username, account.displayName == desired.displayName,
            account.email == desired.email || account.email.map(MatchBy.normalize) == desired.email
        {
            return Changes()
        }
        let currentRoles = Set(account.roles), wantedRoles = Set(desired.roles)
        let currentTags = Set(account.tags), wantedTags = Set(desired.tags)
        var changes = Changes(
            rolesAdded: wantedRoles.subtracting(currentRoles).sorted(),
            rolesRemoved: currentRoles.subtracting(wantedRoles).sorted(),
            projectsSet: desired.projects.filter { account.projects[$0.key] != $0.value },
            projectsRemoved: account.projects.keys.filter { desired.projects[$0] == nil }.sorted())
        if account.username != desired.username { changes.usernameFrom = account.username }
        if account.email.map(MatchBy.normalize) != desired.email { changes.emailFrom = account.email ?? "" }
        if account.displayName != desired.displayName { changes.displayNameFrom = account.displayName ?? "" }
        let tagsAdded = wantedTags.subtracting(currentTags).sorted()
        let tagsRemoved = currentTags.subtracting(wantedTags).sorted()
        if !tagsAdded.isEmpty { changes.tagsAdded = tagsAdded }
        if !tagsRemoved.isEmpty { changes.tagsRemoved = tagsRemoved }
        return changes
    }
}
