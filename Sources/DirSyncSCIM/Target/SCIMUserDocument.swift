import DirSyncCore

/// The parts of a SCIM User that hold an account, both ways: what dirsync reads from a
/// User and what it writes into one. Everything else in the resource (name, phone numbers,
/// addresses other than the primary email, the application's own extensions) is left as
/// the application keeps it.
struct SCIMUserDocument: Sendable {
    /// `roles_as: attribute`: roles are `User.roles[].value`.
    var rolesInAttribute: Bool
    /// `tags_as: entitlements`: tags are `User.entitlements[].value`.
    var tagsInEntitlements: Bool

    /// The account a User resource holds; roles and projects held through groups are added
    /// by the caller, which knows the memberships.
    func account(_ user: JSONValue) -> Account? {
        guard let id = user["id"]?.string else { return nil }
        let roles = rolesInAttribute ? SCIMUserDocument.values(user["roles"]) : []
        let tags = tagsInEntitlements ? SCIMUserDocument.values(user["entitlements"]) : []
        return Account(
            key: id, username: user["userName"]?.string ?? "", email: SCIMUserDocument.primaryEmail(user)?.lowercased(),
            displayName: user["displayName"]?.string ?? user["name"]?["formatted"]?.string,
            status: user["active"]?.bool == false ? .inactive : .active,
            roles: roles, projects: [:], tags: tags, externalID: user["externalId"]?.string)
    }

    /// The primary email, or the first when none is marked primary.
    static func primaryEmail(_ user: JSONValue) -> String? {
        let emails = user["emails"]?.array ?? []
        let primary = emails.first { $0["primary"]?.bool == true } ?? emails.first
        return primary?["value"]?.string
    }

    /// The distinct `value`s of a multi-valued attribute, sorted.
    static func values(_ attribute: JSONValue?) -> [String] {
        Array(Set((attribute?.array ?? []).compactMap { $0["value"]?.string })).sorted()
    }

    /// The attributes dirsync owns, as the operation wants them: what a create sends and
    /// what an update replaces. `current` is the User as read (nil for a create): its
    /// other email addresses are kept.
    func attributes(of operation: AccountOperation, active: Bool, current: JSONValue?) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "userName": .string(operation.username),
            "active": .bool(active),
        ]
        if let identity = operation.identity { fields["externalId"] = .string(identity) }
        if let name = operation.displayName { fields["displayName"] = .string(name) }
        if let email = operation.email {
            fields["emails"] = SCIMUserDocument.emails(primary: email, keepingOthersOf: current)
        }
        if rolesInAttribute, let roles = operation.roles, !roles.isEmpty {
            fields["roles"] = .array(roles.map { ["value": .string($0)] })
        }
        if tagsInEntitlements, let tags = operation.tags, !tags.isEmpty {
            fields["entitlements"] = .array(tags.map { ["value": .string($0)] })
        }
        return fields
    }

    /// dirsync owns the primary address only: the application's other addresses in
    /// `current` (home, other) are kept, none of them primary, and an address that becomes
    /// the primary is not kept twice. (With no address in the directory all are removed, see
    /// `clearedAttributes`: one left behind would read as the person's address.)
    static func emails(primary email: String, keepingOthersOf current: JSONValue?) -> JSONValue {
        let owned = primaryEmail(current ?? .null)?.lowercased()
        let others = (current?["emails"]?.array ?? []).compactMap { entry -> JSONValue? in
            guard let value = entry["value"]?.string?.lowercased(), value != owned, value != email.lowercased(),
                  var fields = entry.object else { return nil }
            fields["primary"] = nil
            return .object(fields)
        }
        return .array([["value": .string(email), "type": "work", "primary": true]] + others)
    }

    /// A new User for a create.
    func newUser(_ operation: AccountOperation) -> JSONValue {
        var fields = attributes(of: operation, active: true, current: nil)
        fields["schemas"] = [.string(SCIMClient.userSchema)]
        return .object(fields)
    }

    /// The PATCH (RFC 7644 §3.5.2) that brings `before` to what `operation` wants: one
    /// `replace` of the owned attributes, plus a `remove` for each owned attribute that
    /// must become empty (a replace with nothing would leave it on some providers).
    /// `current` is the User as read, when the run read it.
    func patch(from before: Account, to operation: AccountOperation, active: Bool, current: JSONValue?) -> JSONValue {
        let replaced = attributes(of: operation, active: active, current: current)
        var operations: [JSONValue] = [["op": "replace", "value": .object(replaced)]]
        for path in clearedAttributes(from: before, to: operation) {
            operations.append(["op": "remove", "path": .string(path)])
        }
        return SCIMClient.patchRequest(operations)
    }

    /// The whole User for a PUT, when the provider offers no PATCH: the resource as read,
    /// with the owned attributes replaced and the emptied ones dropped.
    func replacement(of user: JSONValue, from before: Account, to operation: AccountOperation, active: Bool) -> JSONValue {
        var fields = user.object ?? [:]
        fields["meta"] = nil
        for (key, value) in attributes(of: operation, active: active, current: user) { fields[key] = value }
        for path in clearedAttributes(from: before, to: operation) { fields[path] = nil }
        return .object(fields)
    }

    private func clearedAttributes(from before: Account, to operation: AccountOperation) -> [String] {
        var paths: [String] = []
        if operation.displayName == nil, before.displayName != nil { paths.append("displayName") }
        if operation.email == nil, before.email != nil { paths.append("emails") }
        if rolesInAttribute, (operation.roles ?? []).isEmpty, !before.roles.isEmpty { paths.append("roles") }
        if tagsInEntitlements, (operation.tags ?? []).isEmpty, !before.tags.isEmpty { paths.append("entitlements") }
        return paths
    }

    /// The PATCH that deactivates.
    static let deactivation = SCIMClient.patchRequest([["op": "replace", "value": ["active": false]]])
}
