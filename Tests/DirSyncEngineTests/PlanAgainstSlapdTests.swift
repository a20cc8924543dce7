import DirSyncCore
import DirSyncEngine
import Foundation
import Testing

/// `plan` end to end against a real slapd: paging past the server's size limit, nesting,
/// locked, excluded and out-of-domain users, users without mail, escaped DNs, UTF-8.
@Suite(.serialized)
struct PlanAgainstSlapdTests {
    @Test func planReadsPastTheSizeLimitAndMapsEveryone() async throws {
        let fixture = try EngineFixture(fillers: 600)
        let plan = try await fixture.plan()
        let creates = Dictionary(uniqueKeysWithValues: plan.operations.map { ($0.username, $0) })

        // 600 fillers + alice, bob, carol, dave, erin, frank, zoe, pbrien; not lena (locked),
        // svc-backup (excluded), olga (other domain), nomail (no match key).
        #expect(plan.summary.create == 608)
        #expect(plan.operations.allSatisfy { $0.action == .create })
        for absent in ["lena", "svc-backup", "olga", "nomail"] { #expect(creates[absent] == nil) }
        #expect(plan.warnings.contains { $0.contains("nomail") || $0.contains("No Mail") })

        let alice = try #require(creates["alice"])
        #expect(alice.roles == ["admin", "editor", "viewer"])
        #expect(alice.tags == ["COUNTRY_US"])
        #expect(alice.projects == ["apollo": .all])  // rw and ro of one project: all wins

        #expect(creates["bob"]?.projects == ["apollo": .all])
        #expect(creates["bob"]?.roles == ["viewer"])
        #expect(creates["frank"]?.email == "frank.smith@example.com")
        #expect(creates["zoe"]?.roles == ["staff", "viewer"])  // through engineering ⊂ staff
        #expect(creates["zoe"]?.displayName == "Zoë Ångström")
        #expect(creates["pbrien"]?.roles == ["staff", "viewer"])  // member value spelled with \2C
        #expect(creates["user0599"]?.roles == ["viewer"])
    }

    @Test func planChangesNothingAndPreviewsAProposedMapping() async throws {
        let fixture = try EngineFixture(fillers: 5)
        _ = try await fixture.plan()
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath))

        let proposed = fixture.dir.appendingPathComponent("proposed")
        try FileManager.default.createDirectory(at: proposed, withIntermediateDirectories: true)
        try """
            rules:
              - when: { group: asm-admins }
                roles: [superuser]
            """.write(to: proposed.appendingPathComponent("only-admins.yaml"), atomically: true, encoding: .utf8)
        let preview = try await fixture.workspace(mapping: proposed.path).plan().1.plan
        #expect(preview.operations.map(\.username) == ["alice"])
        #expect(preview.operations.first?.roles == ["superuser"])
    }

    @Test func attributesTestedByRulesAreReadEvenWhenTheConfigForgetsThem() async throws {
        let fixture = try EngineFixture(fillers: 0)
        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("alice"))
            changetype: modify
            add: title
            title: Staff Engineer
            -

            """)
        let proposed = fixture.dir.appendingPathComponent("by-title")
        try FileManager.default.createDirectory(at: proposed, withIntermediateDirectories: true)
        try """
            rules:
              - when: { attribute: title, matches: "*engineer" }
                roles: [engineer]
            """.write(to: proposed.appendingPathComponent("title.yaml"), atomically: true, encoding: .utf8)
        let plan = try await fixture.workspace(mapping: proposed.path).plan().1.plan
        #expect(plan.operations.map(\.username) == ["alice"])
        #expect(plan.operations.first?.roles == ["engineer"])
    }

    @Test func brokenMappingIsRejectedWithFileAndLine() throws {
        let fixture = try EngineFixture(fillers: 0)
        try """
            rules:
              - when: { group: staff }
                roles: [nonexistent]
            """.write(to: fixture.dir.appendingPathComponent("mappings/20-bad.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try fixture.workspace()
            Issue.record("expected the unknown role to be rejected")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .invalidInput)
            #expect(failure.message.contains("20-bad.yaml:3:"))
            #expect(failure.message.contains("nonexistent"))
        }
    }

    @Test func explainShowsNestingRulesAndScope() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let (world, planning) = try await fixture.workspace().plan()
        let zoe = try #require(
            Explainer.explain(
                query: "ZOE@example.com", index: world.index, engine: planning.engine, accounts: world.accounts,
                ledger: world.ledger, plan: planning.plan))
        let text = ExplanationRenderer.render(zoe)
        #expect(text.contains("engineering > staff"))
        #expect(text.contains("10-main.yaml"))
        #expect(text.contains("create"))
    }
}
