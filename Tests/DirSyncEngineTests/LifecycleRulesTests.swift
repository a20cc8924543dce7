import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// The lifecycle promises of issue 12 against a real slapd changed between syncs: present
/// people stay, updates converge, adoption is on the record, inactive accounts hold no
/// project memberships.
@Suite(.serialized)
struct LifecycleRulesTests {
    @Test func aRemovedDisplayNameIsClearedOnceThenThePlanIsEmpty() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try fixture.writeConfig(deleteAfter: "30d", displayName: "displayName")
        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            add: displayName
            displayName: Bob the Builder
            -

            """)
        try await fixture.sync()
        #expect(try fixture.accounts().first { $0.username == "bob" }?.displayName == "Bob the Builder")

        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            delete: displayName
            -

            """)
        let plan = try await fixture.plan()
        #expect(plan.operations.map(\.action) == [.update])
        #expect(plan.operations.first?.changes?.displayNameFrom == "Bob the Builder")
        #expect(try await fixture.sync().applied.operations.count == 1)
        #expect(try fixture.accounts().first { $0.username == "bob" }?.displayName == nil)
        #expect(try await fixture.plan().isEmpty)
        #expect(try await fixture.sync().applied.isEmpty)
    }

    /// dave's mail is cleared and erin takes frank's: all three are still in the directory,
    /// so their accounts stay exactly as they are over three syncs, with warnings.
    @Test func presentPeopleWithoutAnEmailOfTheirOwnAreNeverDeactivated() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try fixture.writeConfig(deleteAfter: "0")
        try await fixture.sync()
        let before = try fixture.accounts()
        #expect(before.filter { ["dave", "erin", "frank"].contains($0.username) }.count == 3)

        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("dave"))
            changetype: modify
            delete: mail
            -

            dn: \(EngineFixture.dn("erin"))
            changetype: modify
            replace: mail
            mail: frank.smith@example.com
            -

            """)
        for _ in 0..<3 {
            let plan = try await fixture.plan()
            #expect(plan.isEmpty)
            #expect(plan.warnings.contains { $0.contains("uid=dave,ou=people,dc=example,dc=com (username 'dave') has no email") })
            #expect(plan.warnings.contains { $0.contains("(username 'erin') has the same email 'frank.smith@example.com'") })
            #expect(plan.warnings.contains { $0.contains("(username 'frank') has the same email 'frank.smith@example.com'") })
            #expect(try await fixture.sync().applied.isEmpty)
            #expect(try fixture.accounts() == before)
        }
        let (world, planning) = try await fixture.workspace().plan()
        let dave = try #require(
            Explainer.explain(
                query: "dave", index: world.index, engine: planning.engine, accounts: world.accounts, ledger: world.ledger,
                plan: planning.plan))
        #expect(dave.scope.decision == "held")
        #expect(ExplanationRenderer.render(dave).contains("left exactly as it is"))
    }

    /// alice already has an account dirsync did not create: taking it under management is an
    /// `adopt` in the plan, applied from a saved plan, audited, and only then in the ledger.
    @Test func adoptionIsPlannedSavedAppliedAndAudited() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let store = try StateStore(path: fixture.statePath)
        let key = try StoreTarget(store: store).insertUnmanagedAccount(
            Account(key: "", username: "alice", email: "Alice@Example.com", displayName: "A. Liddell", status: .inactive))

        let plan = try await fixture.plan()
        let adopt = try #require(plan.operations.first { $0.username == "alice" })
        #expect(adopt.action == .adopt)
        #expect(adopt.account == key)
        #expect(adopt.changes?.displayNameFrom == "A. Liddell")
        #expect(adopt.changes?.rolesAdded == ["admin", "editor", "viewer"])
        #expect(plan.summary.adopt == 1)
        #expect(plan.operations.filter { $0.account == key }.count == 1)
        #expect(PlanTableRenderer.render(plan).contains("= adopt alice <alice@example.com>"))
        #expect(try store.readLedger().isEmpty)  // planning links nothing

        let saved = try PlanJSON.decode(Data(PlanJSON.encode(plan).utf8))
        let outcome = try await fixture.sync(SyncRequest(savedPlan: saved))
        #expect(outcome.applied.summary.adopt == 1)
        let alice = try #require(try fixture.accounts().first { $0.username == "alice" })
        #expect(alice.status == .active)
        #expect(alice.displayName == "Alice Liddell")
        #expect(alice.managed)
        #expect(try store.readLedger().contains { $0.accountKey == key && $0.identity == adopt.identity })

        let history = try HistoryReader.read(fixture.workspace().settings, limit: 1)
        #expect(history.first?.run.summary.adopt == 1)
        let line = try #require(history.first?.operations.first { $0.action == .adopt })
        #expect(line.username == "alice")
        #expect(line.accountKey == key)
        #expect(line.identity == adopt.identity)
        #expect(line.before?.status == .inactive)
        #expect(line.after?.roles == ["admin", "editor", "viewer"])
        #expect(line.result == AuditRecord.applied)
        #expect(try await fixture.plan().isEmpty)
    }

    /// An adoption that fails to apply leaves the account unmanaged: its ledger link is
    /// written with its effect, never before the apply.
    @Test func aFailedAdoptionLinksNothing() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let store = try StateStore(path: fixture.statePath)
        // bob's account is named 'robert' here, and 'bob' belongs to someone else: the
        // adoption's rename to 'bob' fails at the store.
        let key = try StoreTarget(store: store).insertUnmanagedAccount(
            Account(key: "", username: "robert", email: "bob@example.com", displayName: nil, status: .active))
        try StoreTarget(store: store).insertUnmanagedAccount(
            Account(key: "", username: "bob", email: "bob@elsewhere.org", displayName: nil, status: .active))
        let outcome = try await fixture.sync()
        #expect(outcome.failures.map(\.action) == ["adopt"])
        #expect(try !store.readLedger().contains { $0.accountKey == key })
        #expect(try fixture.accounts().first { $0.username == "robert" }?.managed == false)
        #expect(try await fixture.plan().operations.filter { $0.account == key }.map(\.action) == [.adopt])
    }

    /// carol leaves and comes back under a new entry: her account is re-linked by the
    /// reactivation itself, which names her previous identity in its changes and audit line.
    @Test func aReturningPersonsReactivationNamesThePreviousIdentity() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try await fixture.sync()
        let store = try StateStore(path: fixture.statePath)
        let key = try #require(try store.readAccounts().first { $0.username == "carol" }?.key)
        let old = try #require(try store.readLedger().first { $0.accountKey == key }?.identity)
        try fixture.slapd.delete(dn: EngineFixture.dn("carol"))
        try await fixture.sync()
        try fixture.slapd.add(ldif: EngineFixture.person("carol", cn: "Carol Danvers", mail: "carol@example.com"))

        let plan = try await fixture.plan()
        let back = try #require(plan.operations.first)
        #expect(plan.operations.count == 1)
        #expect(back.action == .reactivate)
        #expect(back.changes?.identityFrom == old)
        #expect(back.identity != old)
        #expect(try store.readLedger().filter { $0.accountKey == key }.map(\.identity) == [old])

        try await fixture.sync()
        #expect(try store.readLedger().filter { $0.accountKey == key }.map(\.identity) == [back.identity])
        let line = try #require(try HistoryReader.read(fixture.workspace().settings, limit: 1).first?.operations.first)
        #expect(line.action == .reactivate)
        #expect(line.note == "re-linked from \(old)")
        #expect(try await fixture.plan().isEmpty)
    }

    /// bob (apollo, rw) is locked: his deactivation takes him out of apollo; unlocked, his
    /// reactivation grants it again. A delete takes alice out of her projects first, as an
    /// audit line of that one delete.
    @Test func deactivationRemovesProjectsAndReactivationRestoresThem() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try await fixture.sync()
        #expect(try fixture.accounts().first { $0.username == "bob" }?.projects == ["apollo": .all])

        try fixture.lock("bob", true)
        let plan = try await fixture.plan()
        #expect(plan.operations.map(\.action) == [.deactivate])
        #expect(plan.operations.first?.changes?.projectsRemoved == ["apollo"])
        #expect(PlanTableRenderer.render(plan).contains("- deactivate bob (disabled in source 'corp')\n    projects: -apollo\n"))
        try await fixture.sync()
        let inactive = try #require(try fixture.accounts().first { $0.username == "bob" })
        #expect(inactive.status == .inactive)
        #expect(inactive.projects == [:])
        #expect(try await fixture.plan().isEmpty)

        try fixture.lock("bob", false)
        let back = try await fixture.sync()
        #expect(back.applied.operations.map(\.action) == [.reactivate])
        let active = try #require(try fixture.accounts().first { $0.username == "bob" })
        #expect(active.status == .active)
        #expect(active.projects == ["apollo": .all])
        #expect(try await fixture.plan().isEmpty)

        try fixture.writeConfig(deleteAfter: "0")
        try fixture.slapd.delete(dn: EngineFixture.dn("alice"))
        #expect(try await fixture.sync().applied.operations.map(\.action) == [.delete])
        let lines = try #require(try HistoryReader.read(fixture.workspace().settings, limit: 1).first?.operations)
        #expect(lines.map(\.action) == [.delete, .delete])
        #expect(lines[0].before?.projects == ["apollo": .all])
        #expect(lines[0].after?.projects == [:])
        #expect(lines[0].note == "project memberships removed before the delete: apollo")
        #expect(lines[1].before?.projects == [:])
        #expect(lines[1].after == nil)
    }

    /// Under `on_deactivate: keep` the memberships stay with the inactive account.
    @Test func keepLeavesAnInactiveAccountInItsProjects() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try fixture.writeConfig(deleteAfter: "30d", lifecycle: "on_deactivate: keep")
        try await fixture.sync()
        try fixture.slapd.delete(dn: EngineFixture.dn("bob"))
        let plan = try await fixture.plan()
        #expect(plan.operations.map(\.action) == [.deactivate])
        #expect(plan.operations.first?.changes == nil)
        try await fixture.sync()
        #expect(try fixture.accounts().first { $0.username == "bob" }?.projects == ["apollo": .all])
    }
}
