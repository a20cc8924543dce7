import DirSyncCore

/// User writes of a chunk sent through `/Bulk` (RFC 7644 §3.7) when the provider offers it:
/// many creates and PATCHes per request, which on a provider that handles one request at a
/// time is what makes a first sync of thousands of people take half as long.
///
/// Every answer is read per operation: a conflict on a create is resolved like a single
/// create (looked up by `externalId`); a Bulk request whose answer was lost is resolved
/// operation by operation, creates by lookup first, so nothing is created twice.
extension SCIMTarget {
    static let bulkRequestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"

    /// Whether this run sends User writes through `/Bulk`.
    var usesBulk: Bool { settings.bulk == .auto && features.bulk && features.patch }

    /// The User writes of `operations`, in order; each answered write is counted in `confirmed`.
    func writeUsersInBulk(_ operations: [AccountOperation], confirmed: ConfirmedWrites = .none) async -> [UserWrite] {
        var writes = [UserWrite?](repeating: nil, count: operations.count)
        var batch: [(position: Int, body: JSONValue)] = []
        var batchBytes = 0
        var batches: [[(position: Int, body: JSONValue)]] = []
        let maxOperations = max(1, features.bulkMaxOperations)
        // Room for the envelope, and for a provider that counts bytes a little differently.
        let maxBytes = max(4096, features.bulkMaxPayloadSize * 9 / 10)
        for (i, operation) in operations.enumerated() {
            guard let body = await bulkOperation(operation, bulkID: "op\(i)") else { continue }
            let size = body.encoded().count + 1
            if !batch.isEmpty && (batch.count >= maxOperations || batchBytes + size > maxBytes) {
                batches.append(batch)
                batch = []
                batchBytes = 0
            }
            batch.append((i, body))
            batchBytes += size
        }
        if !batch.isEmpty { batches.append(batch) }
        for batch in batches {
            let decided = await sendBulk(batch, operations)
            for (position, write) in decided { writes[position] = write }
            confirmed.add(decided.count)
        }
        // Operations that needed no request, or that Bulk left undecided: one by one.
        let undecided = operations.indices.filter { writes[$0] == nil }
        for (i, write) in await writeUsersOneByOne(operations, at: undecided, confirmed: confirmed) { writes[i] = write }
        return writes.map { $0! }
    }

    /// The Bulk operation that writes `operation`'s User; nil when it needs none (or cannot
    /// be written in bulk: then `writeUser` says why).
    func bulkOperation(_ operation: AccountOperation, bulkID: String) async -> JSONValue? {
        if operation.action == .create {
            return ["method": "POST", "path": "/Users", "bulkId": .string(bulkID), "data": document.newUser(operation)]
        }
        guard let id = operation.account, let before = await state.accounts[id],
              let write = userWrite(operation, before: before) else { return nil }
        let data = userPatch(before: before, wanted: write.wanted, active: write.active, current: await state.users[id])
        return ["method": "PATCH", "path": .string("/Users/\(id)"), "data": data]
    }

    /// Sends one Bulk request; answers a write for each operation it decided.
    func sendBulk(_ batch: [(position: Int, body: JSONValue)], _ operations: [AccountOperation]) async -> [Int: UserWrite] {
        let request: JSONValue = [
            "schemas": [.string(SCIMTarget.bulkRequestSchema)], "Operations": .array(batch.map(\.body)),
        ]
        let reply: SCIMClient.Reply
        do {
            reply = try await client.send("POST", "/Bulk", body: request, mayRepeat: false)
        } catch let error as HTTPTransportError {
            // The answer was lost, or never came: decide each operation by looking.
            return await resolveLostBulk(batch, operations, error)
        } catch {
            return [:]
        }
        guard reply.status == 200, let answers = reply.body["Operations"]?.array else { return [:] }
        var writes: [Int: UserWrite] = [:]
        var byBulkID: [String: JSONValue] = [:]
        // PATCH answers carry no bulkId: found by the id at the end of their location.
        var byResourceID: [String: JSONValue] = [:]
        for answer in answers {
            if let bulkID = answer["bulkId"]?.string { byBulkID[bulkID] = answer }
            if answer["bulkId"] == nil, let id = SCIMTarget.resourceID(answer) { byResourceID[id] = answer }
        }
        for (position, _) in batch {
            let operation = operations[position]
            let answer: JSONValue?
            if operation.action == .create {
                answer = byBulkID["op\(position)"]
            } else {
                answer = operation.account.flatMap { byResourceID[$0] }
            }
            guard let answer, let status = answer["status"]?.int else { continue }  // undecided: one by one
            switch status {
            case 200, 201, 204:
                if operation.action == .create {
                    guard let id = SCIMTarget.resourceID(answer) else { continue }
                    writes[position] = .done(userID: id, before: nil)
                } else if let id = operation.account {
                    writes[position] = .done(userID: id, before: await state.accounts[id])
                }
            case 409 where operation.action == .create:
                continue  // resolved one by one: looked up by externalId first
            default:
                let request = operation.action == .create ? "POST /Users" : "PATCH /Users/\(operation.account ?? "")"
                let reply = SCIMClient.Reply(status: status, body: answer["response"] ?? .null)
                writes[position] = .failed(SCIMError(request: "\(request) (in /Bulk)", reply: reply).description, unreachable: false)
            }
        }
        return writes
    }

    /// After a Bulk request without an answer: creates that took effect are found by
    /// `externalId`; the rest are left to be written one by one (PATCHes are safe to repeat).
    /// Many creates are found with one read of `/Users` rather than a search each, which
    /// some providers answer by walking every User.
    func resolveLostBulk(_ batch: [(position: Int, body: JSONValue)], _ operations: [AccountOperation], _ error: HTTPTransportError) async -> [Int: UserWrite] {
        guard error.mayHaveReachedServer else { return [:] }
        let creates = batch.map(\.position).filter { operations[$0].action == .create }
        var writes: [Int: UserWrite] = [:]
        if creates.count > SCIMTarget.lookupsBeforeReread,
           let users = try? await client.listAll("Users", pageSize: pageSize) {
            var byExternalID: [String: String] = [:]
            for user in users {
                if let external = user["externalId"]?.string, let id = user["id"]?.string { byExternalID[external] = id }
            }
            for position in creates {
                // Found: created as sent (the Bulk carried this very state). Not found: sent again one by one.
                if let identity = operations[position].identity, let id = byExternalID[identity] {
                    writes[position] = .done(userID: id, before: nil)
                }
            }
            return writes
        }
        await withTaskGroup(of: (Int, UserWrite?).self) { group in
            for position in creates {
                group.addTask { (position, try? await self.findCreated(operations[position])) }
            }
            for await (position, write) in group { if let write { writes[position] = write } }
        }
        return writes
    }

    /// The id at the end of a Bulk answer's `location` (`…/Users/ID`).
    static func resourceID(_ answer: JSONValue) -> String? {
        answer["location"]?.string?.split(separator: "/").last.map(String.init)
    }

    /// Above this many creates in a lost Bulk request, one read of `/Users` finds them.
    static let lookupsBeforeReread = 50
}
