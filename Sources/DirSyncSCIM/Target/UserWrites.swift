import DirSyncCore

/// What writing one operation's User resource came to.
enum UserWrite: Sendable {
    /// The User is as the operation wants it (a delete's User is removed later, after its
    /// memberships); `before` is the account as read, nil for a create.
    case done(userID: String, before: Account?)
    /// Not applied; `unreachable` when no answer came at all.
    case failed(String, unreachable: Bool)
}

extension SCIMTarget {
    /// Writes the User resource of `operation`: create, replace of dirsync's attributes, or
    /// deactivation. Memberships and deletes come after, for the whole chunk at once.
    func writeUser(_ operation: AccountOperation) async -> UserWrite {
        do {
            if operation.action == .create { return try await create(operation) }
            guard let id = operation.account, let before = await state.accounts[id] else {
                return .failed(
                    "the account (SCIM id \(operation.account ?? "?")) is no longer in the application; the next sync plans it again",
                    unreachable: false)
            }
            if let write = userWrite(operation, before: before) {
                try await replace(id, before: before, with: write.wanted, active: write.active)
            }
            return .done(userID: id, before: before)
        } catch let error as HTTPTransportError {
            return .failed(error.description, unreachable: !error.mayHaveReachedServer)
        } catch {
            return .failed("\(error)", unreachable: false)
        }
    }

    /// What an existing account's User itself needs for `operation` (memberships come
    /// separately): nil when nothing; else the state to write, `wanted` nil when only
    /// `active` becomes false. One decision for single requests and for `/Bulk`.
    func userWrite(_ operation: AccountOperation, before: Account) -> (wanted: AccountOperation?, active: Bool)? {
        switch operation.action {
        case .adopt, .update, .reactivate: needsUserWrite(before, operation) ? (operation, true) : nil
        case .deactivate: before.status == .active ? (nil, false) : nil
        case .create, .delete: nil
        }
    }

    /// The PATCH that writes what `userWrite` decided; `current` is the User as read.
    func userPatch(before: Account, wanted: AccountOperation?, active: Bool, current: JSONValue?) -> JSONValue {
        wanted.map { document.patch(from: before, to: $0, active: active, current: current) } ?? SCIMUserDocument.deactivation
    }

    /// Whether the User's own attributes differ from what the operation wants (memberships
    /// are compared separately).
    func needsUserWrite(_ before: Account, _ operation: AccountOperation) -> Bool {
        before.username != operation.username || before.email?.lowercased() != operation.email?.lowercased()
            || before.displayName != operation.displayName || before.status != .active
            || before.externalID != operation.identity
            || (document.rolesInAttribute && before.roles != (operation.roles ?? []))
            || (document.tagsInEntitlements && before.tags != (operation.tags ?? []))
    }

    /// Replaces dirsync's attributes of User `id` (PATCH, or PUT when the provider has no
    /// PATCH); `operation` nil only flips `active`.
    func replace(_ id: String, before: Account, with operation: AccountOperation?, active: Bool) async throws {
        let path = "/Users/\(id)"
        let method = features.patch ? "PATCH" : "PUT"
        let reply: SCIMClient.Reply
        if features.patch {
            let body = userPatch(before: before, wanted: operation, active: active, current: await state.users[id])
            reply = try await client.send("PATCH", path, body: body)
        } else {
            var user = await state.users[id] ?? [:]
            if let operation {
                user = document.replacement(of: user, from: before, to: operation, active: active)
            } else if case .object(var fields) = user {
                fields["meta"] = nil
                fields["active"] = .bool(active)
                user = .object(fields)
            }
            reply = try await client.send("PUT", path, body: user)
        }
        switch reply.status {
        case 200, 204: return
        case 404:
            throw SCIMError(
                request: "\(method) \(path)", status: 404,
                detail: "the account is no longer in the application; the next sync plans it again")
        default:
            throw SCIMError(request: "\(method) \(path)", reply: reply)
        }
    }

    /// POSTs a new User carrying the person's identity as `externalId`. A create whose
    /// answer was lost, or that the provider calls a conflict, is looked up (by
    /// `externalId`, then `userName`) and taken as this create when it is ours; never sent
    /// blindly again.
    func create(_ operation: AccountOperation) async throws -> UserWrite {
        let reply: SCIMClient.Reply
        switch try await postOnce("/Users", document.newUser(operation), lookup: { try await findCreated(operation) }) {
        case .found(let write): return write
        case .answered(let answer): reply = answer
        }
        switch reply.status {
        case 200, 201:
            guard let id = reply.body["id"]?.string else {
                return .failed("POST /Users answered \(reply.status) without an id", unreachable: false)
            }
            return .done(userID: id, before: nil)
        case 409:
            if let found = try await findCreated(operation) { return found }
            return .failed(try await conflictReason(operation, SCIMError(request: "POST /Users", reply: reply)), unreachable: false)
        default:
            return .failed(SCIMError(request: "POST /Users", reply: reply).description, unreachable: false)
        }
    }

    /// The User an earlier attempt of this create made (its `externalId` is the person's
    /// identity), brought to the operation's state; nil when there is none.
    func findCreated(_ operation: AccountOperation) async throws -> UserWrite? {
        guard let identity = operation.identity,
              let user = try await client.search("Users", filter: SCIMFilter.equals("externalId", identity)).first,
              let account = document.account(user) else { return nil }
        // The read did not hold it; a PUT (no PATCH) starts from the resource as it is.
        await state.noteUser(user)
        if needsUserWrite(account, operation) { try await replace(account.key, before: account, with: operation, active: true) }
        return .done(userID: account.key, before: nil)
    }

    /// The User writes of `positions` of `operations`, one request each, as many in flight
    /// as the client allows; each answered write is counted in `confirmed`.
    func writeUsersOneByOne(
        _ operations: [AccountOperation], at positions: [Int], confirmed: ConfirmedWrites = .none
    ) async -> [Int: UserWrite] {
        await withTaskGroup(of: (Int, UserWrite).self) { group in
            for i in positions { group.addTask { (i, await self.writeUser(operations[i])) } }
            var writes: [Int: UserWrite] = [:]
            for await (i, write) in group {
                writes[i] = write
                confirmed.add(1)
            }
            return writes
        }
    }

    /// Why a create met a conflict that is not ours: who holds the username.
    func conflictReason(_ operation: AccountOperation, _ conflict: SCIMError) async throws -> String {
        guard let holder = try await client.search("Users", filter: SCIMFilter.equals("userName", operation.username)).first,
              let id = holder["id"]?.string else { return conflict.description }
        return "userName '\(operation.username)' is taken in the application by SCIM user \(id), which dirsync does not "
            + "manage (externalId \(holder["externalId"]?.string ?? "none")); give that account the person's "
            + "\(operation.email == nil ? "username" : "email") so the next sync adopts it, or rename or remove it"
    }
}
