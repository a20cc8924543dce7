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
}
