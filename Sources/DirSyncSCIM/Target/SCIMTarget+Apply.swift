import DirSyncCore

extension SCIMTarget {
    /// Applies `operations` a chunk at a time: every User write of the chunk (in parallel,
    /// as many in flight as the client allows), then the chunk's memberships, one request
    /// per group, then its deletes (memberships first, so no deleted user is left in a
    /// group); then each operation is recorded through `journal` and the chunk reported.
    public func apply(
        _ operations: [AccountOperation], in run: ApplyRun, journal: any ApplyJournal,
        report: (AppliedChunk) -> Void, progress: (Int) -> Void
    ) async throws {
        if featuresBox.get() == nil { _ = try await readAccounts() }
        let chunkSize = chunkSize(for: operations.count)
        var start = operations.startIndex
        while start < operations.endIndex {
            // A stop request (the daemon's SIGTERM cancels the run) ends the apply between
            // chunks: what was applied is recorded, the next sync applies the rest.
            if start > operations.startIndex, Task.isCancelled { throw CancellationError() }
            let end = min(start + chunkSize, operations.endIndex)
            let chunk = operations[start..<end]
            // Unstructured, so that a stop request lets the chunk in flight finish and be
            // recorded instead of cutting its requests' retries short. Its User writes are
            // counted as they are confirmed, and passed on from this task, in order.
            let (confirmed, counter) = ConfirmedWrites.make()
            let work = Task {
                defer { counter.finish() }
                return try await self.applyChunk(Array(chunk), run: run, journal: journal, confirmed: counter)
            }
            for await count in confirmed { progress(count) }
            let (results, unreachable) = try await work.value
            report(AppliedChunk(operations: chunk, results: results))
            if unreachable && end < operations.endIndex {
                throw TargetError(
                    "\(settings.connection.url) stopped answering: every operation of the last chunk failed to reach it; "
                        + "\(operations.endIndex - end) operations were not sent. Run the sync again once it answers")
            }
            start = end
        }
    }

    /// Applies and records one chunk; answers the results in order, and whether no
    /// operation of the chunk could reach the application at all.
    func applyChunk(
        _ operations: [AccountOperation], run: ApplyRun, journal: any ApplyJournal, confirmed: ConfirmedWrites = .none
    ) async throws -> ([OperationResult], Bool) {
        let writes: [UserWrite]
        if usesBulk {
            writes = await writeUsersInBulk(operations, confirmed: confirmed)
        } else {
            let written = await writeUsersOneByOne(operations, at: Array(operations.indices), confirmed: confirmed)
            writes = operations.indices.map { written[$0]! }
        }
        var failures: [Int: String] = [:]
        var unreachable = 0
        var changes = MembershipChanges()
        for (i, write) in writes.enumerated() {
            switch write {
            case .failed(let reason, let noAnswer):
                failures[i] = reason
                if noAnswer { unreachable += 1 }
            case .done(let userID, _):
                await gather(i, operations[i], userID: userID, into: &changes)
            }
        }
        if !changes.isEmpty {
            failures.merge(await writeMemberships(changes)) { first, _ in first }
        }
        failures.merge(await deleteUsers(operations, writes, skipping: failures)) { first, _ in first }

        var results: [OperationResult] = []
        var entries: [JournalEntry] = []
        results.reserveCapacity(operations.count)
        entries.reserveCapacity(operations.count)
        for (i, operation) in operations.enumerated() {
            if let reason = failures[i] {
                entries.append(.failed(operation, reason: reason))
                results.append(.failed(reason: reason))
            } else if case .done(let userID, let before) = writes[i] {
                let after = afterState(operation, userID: userID, before: before)
                entries.append(.applied(operation, accountKey: userID, before: before, after: after))
                results.append(.applied(after: after))
            }
        }
        try journal.record(entries, in: run)
        return (results, unreachable == operations.count && !operations.isEmpty)
    }

    /// DELETEs the Users of the chunk's deletes whose memberships are gone; a User already
    /// gone (404, e.g. a retry after a lost answer) counts as deleted.
    func deleteUsers(_ operations: [AccountOperation], _ writes: [UserWrite], skipping failed: [Int: String]) async -> [Int: String] {
        await withTaskGroup(of: (Int, String?).self) { group in
            for (i, operation) in operations.enumerated() where operation.action == .delete && failed[i] == nil {
                guard case .done(let userID, _) = writes[i] else { continue }
                group.addTask {
                    do {
                        let reply = try await self.client.send("DELETE", "/Users/\(userID)")
                        if [200, 204, 404].contains(reply.status) { return (i, nil) }
                        return (i, SCIMError(request: "DELETE /Users/\(userID)", reply: reply).description)
                    } catch {
                        return (i, "\(error)")
                    }
                }
            }
            var failures: [Int: String] = [:]
            for await (i, reason) in group { if let reason { failures[i] = reason } }
            return failures
        }
    }

    /// The account as the application now holds it, as recorded in the audit log.
    func afterState(_ operation: AccountOperation, userID: String, before: Account?) -> Account? {
        switch operation.action {
        case .create, .adopt, .update, .reactivate:
            return Account(
                key: userID, username: operation.username, email: operation.email, displayName: operation.displayName,
                status: .active, roles: operation.roles ?? [], projects: operation.projects ?? [:],
                tags: document.tagsInEntitlements ? operation.tags ?? [] : [], externalID: operation.identity)
        case .deactivate:
            return before?.deactivated(by: operation)
        case .delete:
            return nil
        }
    }
}
