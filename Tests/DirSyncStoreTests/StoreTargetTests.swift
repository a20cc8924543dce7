import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

/// The embedded store behind the target port: it answers for every operation, chunk by
/// chunk, with the account as it now stands, and records each in its own transactions.
@Suite struct StoreTargetTests {
    /// A journal that must not be used: the embedded store records in its own transactions.
    struct UnusedJournal: ApplyJournal {
        func recordApplied(_ o: AccountOperation, accountKey: String, before: Account?, after: Account?, in run: ApplyRun) throws {
            Issue.record("the embedded store recorded \(o.username) through the journal")
        }
        func recordFailed(_ o: AccountOperation, reason: String, in run: ApplyRun) throws {
            Issue.record("the embedded store recorded \(o.username)'s failure through the journal")
        }
    }

    @Test func appliesInChunksAndAnswersWithTheAccountAfter() async throws {
        let store = try StateStore.inMemory()
        let target = StoreTarget(store: store, chunkSize: 2)
        try target.insertUnmanagedAccount(
            Account(key: "manual", username: "bob", email: nil, displayName: nil, status: .active))
        let run = ApplyRun(id: try store.beginRun(trigger: "test", startedAt: Fixtures.t0), at: Fixtures.t0)
        let ops = [Fixtures.create("alice"), Fixtures.create("bob"), Fixtures.create("carol")]
        var chunks: [AppliedChunk] = []
        try await target.apply(ops, in: run, journal: UnusedJournal(), report: { chunks.append($0) }, progress: { _ in })

        #expect(chunks.map(\.operations.count) == [2, 1])
        #expect(chunks.flatMap(\.operations) == ops)
        let results = chunks.flatMap(\.results)
        let accounts = try store.readAccounts()
        guard case .applied(let alice) = results[0], case .failed(let reason) = results[1],
            case .applied(let carol) = results[2]
        else {
            Issue.record("unexpected results \(results)")
            return
        }
        #expect(alice == accounts.first { $0.username == "alice" })
        #expect(carol == accounts.first { $0.username == "carol" })
        #expect(reason.contains("already taken"))
        #expect(try store.auditRecords(runID: run.id).map(\.result) == ["applied", "failed", "applied"])

        var deleted: [OperationResult] = []
        let delete = Fixtures.op(.delete, "alice", key: alice?.key, identity: "id-alice")
        try await target.apply([delete], in: run, journal: UnusedJournal(), report: { deleted += $0.results }, progress: { _ in })
        #expect(deleted == [.applied(after: nil)])
    }
}
