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
}
