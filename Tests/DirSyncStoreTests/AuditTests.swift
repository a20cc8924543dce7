import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct AuditTests {
    @Test func auditKeepsBeforeAndAfterOfEachOperation() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let key = try store.apply(Fixtures.create("alice"), runID: run, at: Fixtures.t0)
        let created = try #require(try store.readAccounts().first)
        try store.apply(Fixtures.op(.update, "alice", key: key, roles: ["editor"]), runID: run, at: Fixtures.t0)
        let updated = try #require(try store.readAccounts().first)
        try store.apply(Fixtures.op(.delete, "alice", key: key, identity: "id-alice"), runID: run, at: Fixtures.t0)

        let audit = try store.auditRecords(runID: run)
        // The delete takes alice out of apollo first, as an audit line of its own.
        var withoutProjects = updated
        withoutProjects.projects = [:]
        #expect(audit.map(\.action) == [.create, .update, .delete, .delete])
        #expect(audit.map(\.before) == [nil, created, updated, withoutProjects])
        #expect(audit.map(\.after) == [created, updated, withoutProjects, nil])
        #expect(audit[2].note == "project memberships removed before the delete: apollo")
        #expect(audit.allSatisfy { $0.accountKey == key && $0.result == AuditRecord.applied && $0.at == Fixtures.t0 })
        #expect(audit[0].identity == "id-alice")
        #expect(audit[1].reason == "test update")
    }

    @Test func recordFailureLogsTheErrorWithTheCurrentAccount() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let key = try store.apply(Fixtures.create("bob"), runID: run, at: Fixtures.t0)
        let bob = try store.readAccounts().first
        try store.recordFailure(
            Fixtures.op(.update, "bob", key: key), runID: run, at: Fixtures.t0, error: "username taken")
        let failure = try #require(try store.auditRecords(runID: run).last)
        #expect(failure.result == AuditRecord.failed)
        #expect(failure.error == "username taken")
        #expect(failure.before == bob)
        #expect(failure.after == nil)
    }

    @Test func recordAppliedKeepsTheLedgerForAnotherTarget() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        try store.recordApplied(Fixtures.create("carol"), accountKey: "scim-1", runID: run, at: Fixtures.t0)
        #expect(try store.readLedger() == [LedgerEntry(identity: "id-carol", accountKey: "scim-1")])
        #expect(try store.readAccounts().isEmpty)  // the embedded store is not the target
        let line = try #require(try store.auditRecords(runID: run).first)
        #expect(line.after?.key == "scim-1")
        #expect(line.after?.projects == ["apollo": .all])

        try store.recordApplied(
            Fixtures.op(.delete, "carol", key: "scim-1", identity: "id-carol"), accountKey: "scim-1", runID: run,
            at: Fixtures.t0)
        #expect(try store.readLedger().isEmpty)
        #expect(try store.auditRecords(runID: run).count == 2)
    }
}
