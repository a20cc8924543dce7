import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// The account lifecycle end to end: the directory is changed with ldapmodify/ldapdelete
/// between syncs against a real slapd, and the store is checked after each.
@Suite(.serialized)
struct LifecycleTests {
    @Test func leaverEmptiedLockedAndMoverGiveThreeDeactivationsAndOneUpdate() async throws {
        let fixture = try EngineFixture(fillers: 40)
        let first = try await fixture.sync()
        #expect(first.applied.summary.create == 48)
        #expect(try await fixture.plan().isEmpty)  // idempotent
        #expect(try await fixture.sync().applied.isEmpty)

        try fixture.slapd.delete(dn: EngineFixture.dn("carol"))
        try fixture.slapd.modify(ldif: """
            dn: cn=staff,ou=groups,dc=example,dc=com
            changetype: modify
            delete: member
            member: \(EngineFixture.dn("dave"))
            -

            dn: \(EngineFixture.dn("erin"))
            changetype: modify
            add: nsAccountLock
            nsAccountLock: TRUE
            -

            dn: cn=proj-apollo-rw,ou=groups,dc=example,dc=com
            changetype: modify
            delete: member
            member: \(EngineFixture.dn("bob"))
            -

            dn: cn=proj-apollo-ro,ou=groups,dc=example,dc=com
            changetype: modify
            add: member
            member: \(EngineFixture.dn("bob"))
            -

            """)
        let plan = try await fixture.plan()
        #expect(plan.summary.deactivate == 3)
        #expect(plan.summary.update == 1)
        #expect(plan.operations.count == 4)
        let reasons = Dictionary(uniqueKeysWithValues: plan.operations.map { ($0.username, $0.reason) })
        #expect(reasons["carol"]?.contains("not in any source") == true)
        #expect(reasons["dave"]?.contains("no mapping rule") == true)
        #expect(reasons["erin"]?.contains("disabled") == true)
        let bob = try #require(plan.operations.first { $0.username == "bob" })
        #expect(bob.projects == ["apollo": .readOnly])
        #expect(bob.changes?.projectsSet == ["apollo": .readOnly])

        try await fixture.sync()
        let accounts = Dictionary(uniqueKeysWithValues: try fixture.accounts().map { ($0.username, $0) })
        #expect(accounts["carol"]?.status == .inactive)
        #expect(accounts["dave"]?.status == .inactive)
        #expect(accounts["erin"]?.status == .inactive)
        #expect(accounts["bob"]?.projects == ["apollo": .readOnly])

        // The leaver comes back (a new entry, so a new entryUUID): reactivated, not duplicated.
        // staff still lists carol's DN (no refint overlay), so the new entry is a member at once.
        try fixture.slapd.add(ldif: EngineFixture.person("carol", cn: "Carol Danvers", mail: "carol@example.com"))
        let back = try await fixture.sync()
        #expect(back.applied.operations.map(\.action) == [.reactivate])
        #expect(back.applied.operations.first?.username == "carol")
        #expect(try fixture.accounts().filter { $0.username == "carol" }.count == 1)

        // With delete_after 0 a leaver is deleted at once, memberships first.
        try fixture.writeConfig(deleteAfter: "0")
        try fixture.slapd.delete(dn: EngineFixture.dn("alice"))
        let gone = try await fixture.sync()
        #expect(gone.applied.operations.map(\.action) == [.delete])
        #expect(try fixture.accounts().contains { $0.username == "alice" } == false)
        #expect(try await fixture.plan().isEmpty)
    }

    @Test func renameIsAnUpdateNotALeaverAndANewcomer() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try await fixture.sync()
        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("dave"))
            changetype: modify
            replace: mail
            mail: david.lister@example.com
            -

            """)
        let plan = try await fixture.plan()
        #expect(plan.operations.count == 1)
        let op = try #require(plan.operations.first)
        #expect(op.action == .update)
        #expect(op.email == "david.lister@example.com")
        #expect(op.changes?.emailFrom == "dave@example.com")
    }

    @Test func massDeletionIsRefusedAndChangesNothing() async throws {
        let fixture = try EngineFixture(fillers: 20)
        try await fixture.sync()
        let before = try fixture.accounts()
        for i in 0..<12 { try fixture.slapd.delete(dn: EngineFixture.dn(String(format: "user%04d", i))) }
        do {
            try await fixture.sync()
            Issue.record("expected the deactivation guard to refuse")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .refused)
            #expect(failure.message.contains("--allow-mass-changes"))
        }
        #expect(try fixture.accounts() == before)
        let forced = try await fixture.sync(SyncRequest(allowMassChanges: true))
        #expect(forced.applied.summary.deactivate == 12)
    }

    @Test func unreachableDirectoryFailsWithExit2AndChangesNothing() async throws {
        let fixture = try EngineFixture(fillers: 5)
        try await fixture.sync()
        let before = try fixture.accounts()
        fixture.slapd.stop()
        do {
            try await fixture.sync()
            Issue.record("expected the read to fail")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .readFailed)
        }
        #expect(try fixture.accounts() == before)
    }

    @Test func secondSyncWhileTheLockIsHeldExitsWith5() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let lock = try StateLock.acquire(statePath: fixture.statePath)
        defer { lock.release() }
        do {
            try await fixture.sync()
            Issue.record("expected the lock to be refused")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .locked)
        }
    }

    @Test func savedPlanIsAppliedExactlyOrRefusedWhenTheWorldChanged() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let reviewed = try await fixture.plan()
        try fixture.slapd.delete(dn: EngineFixture.dn("bob"))
        do {
            try await fixture.sync(SyncRequest(savedPlan: reviewed))
            Issue.record("expected a stale plan to be refused")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .refused)
        }
        #expect(try fixture.accounts().isEmpty)
        let fresh = try await fixture.plan()
        let applied = try await fixture.sync(SyncRequest(savedPlan: fresh))
        #expect(applied.applied.operations == fresh.operations)
    }
}
