import Foundation
import Testing
@testable import DirSyncCore

@Suite struct RenderingTests {
    static let plan = Plan(
        operations: [
            AccountOperation(
                action: .create, username: "alice", email: "alice@example.com", displayName: "Alice Liddell", roles: ["asm-users", "viewer"],
                projects: ["apollo": .all], tags: [], reason: "mapped by rule 'asm admins'", identity: "corp:1"),
            AccountOperation(
                action: .update, username: "robert", email: "bob@example.com", displayName: "Bob", roles: ["editor", "viewer"],
                projects: ["apollo": .readOnly], tags: ["COUNTRY_US"],
                changes: Changes(rolesAdded: ["editor"], rolesRemoved: ["admin"], projectsSet: ["apollo": .readOnly], projectsRemoved: ["zeus"], usernameFrom: "bob"),
                reason: "mapped by rule 'staff'", identity: "corp:2", account: "k2"),
            AccountOperation(action: .deactivate, username: "carol", email: "carol@example.com", reason: "not in any source", identity: "corp:3", account: "k3"),
            AccountOperation(action: .delete, username: "dave", email: "dave@example.com", reason: "gone since 2026-10-01, delete_after 30d", identity: "corp:4", account: "k4"),
        ],
        warnings: ["source 'corp': uid=x,dc=example has no email; no account"])

    @Test func tableIsTerraformStyle() {
        let text = PlanTableRenderer.render(Self.plan)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("+ create alice <alice@example.com> roles: asm-users, viewer; projects: apollo=all"))
        #expect(lines.contains("~ update robert"))
        #expect(lines.contains("    username: bob -> robert"))
        #expect(lines.contains("    roles: +editor -admin"))
        #expect(lines.contains("    projects: +apollo=read-only -zeus"))
        #expect(lines.contains("- deactivate carol (not in any source)"))
        #expect(lines.contains("x delete dave (gone since 2026-10-01, delete_after 30d)"))
        #expect(lines.contains("warning: source 'corp': uid=x,dc=example has no email; no account"))
        #expect(lines.filter { !$0.isEmpty }.last == "Plan: 1 to create, 1 to update, 1 to deactivate, 0 to reactivate, 1 to delete.")
    }

    @Test func emptyPlanSaysNoChanges() {
        #expect(PlanTableRenderer.render(Plan(operations: [])) == "No changes. Accounts match the directory.\n")
    }

    @Test func jsonFollowsTheContractAndRoundTrips() throws {
        let json = PlanJSON.encode(Self.plan)
        #expect(json.contains("\"summary\" : {"))
        #expect(json.contains("\"display_name\" : \"Alice Liddell\""))
        #expect(json.contains("\"roles_added\" : ["))
        #expect(json.contains("\"username_from\" : \"bob\""))
        #expect(json.contains("\"read-only\""))
        #expect(!json.contains("tags_added"))
        #expect(json.range(of: "\"create\" : 1") != nil)
        #expect(json.range(of: "\"adopt\" : 0") != nil)  // every action's count, even at 0
        let decoded = try PlanJSON.decode(Data(json.utf8))
        #expect(decoded == Self.plan)
    }

    static let adoption = Plan(operations: [
        AccountOperation(
            action: .adopt, username: "erin", email: "erin@example.com", displayName: "Erin", roles: ["viewer"],
            projects: ["apollo": .all], tags: [], changes: Changes(rolesAdded: ["viewer"], projectsSet: ["apollo": .all]),
            reason: "adopted existing account; mapped by rule 'staff'", identity: "corp:5", account: "k5"),
        AccountOperation(
            action: .reactivate, username: "fay", email: "fay@example.com", displayName: "Fay", roles: [], projects: [:],
            tags: [], changes: Changes(identityFrom: "corp:old-fay"), reason: "back in the directory under a new entry",
            identity: "corp:6", account: "k6"),
    ])

    @Test func adoptionIsShownCountedAndSaved() throws {
        let text = PlanTableRenderer.render(Self.adoption)
        #expect(text.contains("= adopt erin <erin@example.com> roles: viewer; projects: apollo=all\n    roles: +viewer\n"))
        #expect(text.contains("> reactivate fay <fay@example.com>\n    re-linked from: corp:old-fay\n"))
        #expect(text.hasSuffix("Plan: 0 to create, 1 to adopt, 0 to update, 0 to deactivate, 1 to reactivate, 0 to delete.\n"))
        let json = PlanJSON.encode(Self.adoption)
        #expect(json.contains("\"action\" : \"adopt\""))
        #expect(json.contains("\"adopt\" : 1"))
        #expect(json.contains("\"identity_from\" : \"corp:old-fay\""))
        #expect(try PlanJSON.decode(Data(json.utf8)) == Self.adoption)
    }

    /// Plans saved (and runs recorded) before adoption was an operation have no `adopt` count.
    @Test func aSummaryWithoutAdoptDecodes() throws {
        let old = #"{"create": 1, "update": 2, "deactivate": 3, "reactivate": 4, "delete": 5}"#
        let summary = try JSONDecoder().decode(Plan.Summary.self, from: Data(old.utf8))
        #expect(summary.adopt == 0)
        #expect(summary.delete == 5)
    }

    @Test func explainShowsPathRulesAccountAndPendingOperation() throws {
        let index = Fx.index(
            [Fx.user("alice", attributes: ["departmentnumber": ["4711"]])],
            [Fx.group("asm-admins", members: ["@team"]), Fx.group("team", members: ["alice"])])
        let mapping = MappingSet(rules: [Fx.rule("asm admins", .group(.name("asm-admins")), roles: ["admin"], line: 7)])
        let engine = MappingEngine(mapping: mapping, index: index)
        let accounts = [Fx.account("k1", "alice", roles: [])]
        let ledger = [LedgerEntry(identity: "corp:id-alice", accountKey: "k1")]
        let result = Planner.plan(
            decisions: index.people.map(engine.decide), accounts: accounts, ledger: ledger, matchBy: .email, lifecycle: .init(), now: Fx.now)
        let e = try #require(Explainer.explain(query: "ALICE", index: index, engine: engine, accounts: accounts, ledger: ledger, plan: result.plan))
        #expect(e.entries.map(\.dn) == ["uid=alice,ou=people,dc=example,dc=com"])
        #expect(e.groups.map(\.path) == ["team > asm-admins", "team"])
        #expect(e.groups.map(\.direct) == [false, true])
        #expect(e.rules.map(\.location) == ["mappings/10-test.yaml:7"])
        #expect(e.roles == ["admin"])
        #expect(e.scope == Explanation.Scope(decision: "in_scope", reason: "mapped by rule 'asm admins'"))
        #expect(e.account?.managed == true)
        #expect(e.pendingOperation?.action == .update)
        let text = ExplanationRenderer.render(e)
        #expect(text.contains("via team > asm-admins"))
        #expect(text.contains("asm admins at mappings/10-test.yaml:7"))
        #expect(text.contains("Pending: update (mapped by rule 'asm admins')"))
        #expect(text.contains("departmentnumber: 4711"))

        let gone = try #require(Explainer.explain(
            query: "zed@example.com", index: index, engine: engine, accounts: [Fx.account("z", "zed")], ledger: [], plan: result.plan))
        #expect(gone.scope.decision == "not_in_source")
        #expect(gone.account?.managed == false)
        #expect(Explainer.explain(query: "nobody", index: index, engine: engine, accounts: [], ledger: [], plan: result.plan) == nil)
    }

    /// An entry without an email is not "not in any source": explain says it is held and
    /// that its managed account is left as it is.
    @Test func explainSaysWhyAHeldEntrysAccountIsLeftAlone() throws {
        let index = Fx.index([Fx.user("alice"), Fx.user("bob", email: nil)], [Fx.group("staff", members: ["alice", "bob"])])
        let engine = MappingEngine(mapping: MappingSet(rules: [Fx.rule("staff", .group(.name("staff")))]), index: index)
        let accounts = [Fx.account("k2", "bob")]
        let ledger = [LedgerEntry(identity: "corp:id-bob", accountKey: "k2")]
        let result = Planner.plan(
            decisions: index.people.map(engine.decide), accounts: accounts, ledger: ledger, matchBy: .email, lifecycle: .init(),
            now: Fx.now, held: index.held)
        let e = try #require(Explainer.explain(query: "bob", index: index, engine: engine, accounts: accounts, ledger: ledger, plan: result.plan))
        #expect(e.scope.decision == "held")
        #expect(e.scope.reason.contains("uid=bob,ou=people,dc=example,dc=com has no email"))
        #expect(e.scope.reason.contains("left exactly as it is"))
        #expect(e.account?.key == "k2")
        #expect(e.pendingOperation == nil)
        #expect(e.entries.map(\.username) == ["bob"])
        let unmanaged = try #require(
            Explainer.explain(query: "bob", index: index, engine: engine, accounts: [], ledger: [], plan: result.plan))
        #expect(unmanaged.scope.reason.contains("no account until it has an email of its own"))
    }

    @Test func reactivateIsShownWithItsStateAndChanges() {
        let plan = Plan(operations: [
            AccountOperation(
                action: .reactivate, username: "erin", email: "erin@example.com", roles: ["viewer"], projects: [:], tags: [],
                changes: Changes(rolesAdded: ["viewer"], emailFrom: "erin@old.example.com"), reason: "mapped by rule 'staff'", account: "k5"),
        ])
        let text = PlanTableRenderer.render(plan)
        #expect(text.contains("> reactivate erin <erin@example.com> roles: viewer\n"))
        #expect(text.contains("    email: erin@old.example.com -> erin@example.com\n"))
        #expect(text.hasSuffix("Plan: 0 to create, 0 to update, 0 to deactivate, 1 to reactivate, 0 to delete.\n"))
    }

    @Test func warningsComeBeforeTheClosingLineOfAnEmptyPlan() {
        let text = PlanTableRenderer.render(Plan(operations: [], warnings: ["w1"]))
        #expect(text == "warning: w1\nNo changes. Accounts match the directory.\n")
    }

    @Test func explanationJSONUsesSnakeCase() throws {
        let e = Explanation(
            query: "alice", key: "alice@example.com", entries: [Explanation.Entry(Fx.user("alice"))], groups: [], rules: [],
            roles: [], projects: [:], tags: [], scope: Explanation.Scope(decision: "out_of_scope", reason: "no mapping rule matches"),
            account: AccountView(account: Fx.account("k1", "alice"), managed: true, goneSince: "2026-10-01"),
            pendingOperation: AccountOperation(action: .deactivate, username: "alice", email: nil, reason: "no mapping rule matches"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(e), as: UTF8.self)
        #expect(json.contains("\"display_name\":\"Alice\""))
        #expect(json.contains("\"gone_since\":\"2026-10-01\""))
        #expect(json.contains("\"pending_operation\":{"))
        #expect(try JSONDecoder().decode(Explanation.self, from: Data(json.utf8)) == e)
    }

    /// A complete state without a display name says so (`null`), and reads back as cleared.
    @Test func planJSONWritesAnAbsentDisplayNameAsNull() throws {
        let plan = Plan(operations: [
            AccountOperation(
                action: .update, username: "bob", email: "bob@example.com", roles: ["viewer"], projects: [:], tags: [],
                changes: Changes(displayNameFrom: "Bob"), reason: "mapped", identity: "corp:id-bob", account: "k2"),
            AccountOperation(action: .deactivate, username: "carol", email: nil, reason: "no mapping rule matches"),
        ])
        let json = PlanJSON.encode(plan)
        #expect(json.contains("\"display_name\" : null"))
        #expect(json.components(separatedBy: "display_name\"").count == 2)  // not on the deactivation
        #expect(try PlanJSON.decode(Data(json.utf8)) == plan)
    }
}
