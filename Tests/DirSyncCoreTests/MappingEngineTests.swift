import Foundation
import Testing
@testable import DirSyncCore

@Suite struct MappingEngineTests {
    let staffIndex = Fx.index(
        [
            Fx.user("alice", attributes: ["departmentnumber": ["4711"], "employeetype": ["Staff"]]),
            Fx.user("bob", attributes: ["employeetype": ["Contractor"]]),
            Fx.user("carol"),
            Fx.user("svc-backup"),
            Fx.user("dave", email: "dave@partners.example.com"),
        ],
        [
            Fx.group("Staff", members: ["alice", "bob", "@asm-admins"]),
            Fx.group("asm-admins", members: ["carol"]),
            Fx.group("proj-apollo-rw", members: ["alice"]),
            Fx.group("proj-apollo-ro", members: ["alice", "bob"]),
            Fx.group("proj-zeus-ro", members: ["bob"]),
            Fx.group("svc", members: ["svc-backup", "dave"]),
        ])

    @Test func groupNameMatchesCaseInsensitivelyIncludingNested() {
        let mapping = MappingSet(rules: [Fx.rule("staff", .group(.name("STAFF")), roles: ["employee"])])
        #expect(Fx.decision("alice", mapping, staffIndex).roles == ["employee"])
        // carol is in asm-admins, which is a member of Staff
        #expect(Fx.decision("carol", mapping, staffIndex).scope == .inScope(reason: "mapped by rule 'staff'"))
    }

    @Test func groupDNAndGlob() {
        let byDN = MappingSet(rules: [Fx.rule("dn", .group(.dn("CN=ASM-Admins, OU=Groups,DC=Example,DC=Com")), roles: ["admin"])])
        #expect(Fx.decision("carol", byDN, staffIndex).roles == ["admin"])
        #expect(Fx.decision("alice", byDN, staffIndex).scope == .outOfScope(reason: "no mapping rule matches"))
        let byGlob = MappingSet(rules: [Fx.rule("glob", .group(.glob("PROJ-*-RO")), roles: ["viewer"])])
        #expect(Fx.decision("bob", byGlob, staffIndex).roles == ["viewer"])
        #expect(Fx.decision("carol", byGlob, staffIndex).roles == [])
    }

    @Test func regexCapturesBecomeProjectsAndAllWins() throws {
        let mapping = MappingSet(rules: [
            Fx.rule(.group(.regex(try RegexPattern("^proj-(?<project>[a-z0-9-]+)-rw$"))), projects: [ProjectGrant(project: "${project}", permission: .all)]),
            Fx.rule(.group(.regex(try RegexPattern("^proj-(?<project>[a-z0-9-]+)-ro$"))), projects: [ProjectGrant(project: "${project}", permission: .readOnly)], line: 9),
        ])
        let alice = Fx.decision("alice", mapping, staffIndex)
        #expect(alice.projects == ["apollo": .all])
        #expect(alice.matchedRules.map(\.label) == ["rule at mappings/10-test.yaml:3:5", "rule at mappings/10-test.yaml:9:5"])
        #expect(alice.matchedRules[0].captures == [["project": "apollo"]])
        let bob = Fx.decision("bob", mapping, staffIndex)
        #expect(bob.projects == ["apollo": .readOnly, "zeus": .readOnly])
    }

    @Test func regexSeesTheNameAsWritten() throws {
        let mapping = MappingSet(rules: [Fx.rule("r", .group(.regex(try RegexPattern("^staff$"))), roles: ["x"])])
        #expect(Fx.decision("alice", mapping, staffIndex).roles == [])
        let exact = MappingSet(rules: [Fx.rule("r", .group(.regex(try RegexPattern("^Staff$"))), roles: ["x"])])
        #expect(Fx.decision("alice", exact, staffIndex).roles == ["x"])
    }

    @Test func attributeEqualsAndMatches() throws {
        let mapping = MappingSet(rules: [
            Fx.rule("finance", .attribute(name: "departmentNumber", .equals("4711")), roles: ["finance"]),
            Fx.rule("contractors", .attribute(name: "employeetype", .glob("CONTRACT*")), roles: ["contractor"]),
            Fx.rule("typed", .attribute(name: "employeetype", .regex(try RegexPattern("^(?<kind>[A-Z][a-z]+)$"))),
                projects: [ProjectGrant(project: "team-${kind}", permission: .readOnly)]),
        ])
        let alice = Fx.decision("alice", mapping, staffIndex)
        #expect(alice.roles == ["finance"])
        #expect(alice.projects == ["team-Staff": .readOnly])
        #expect(Fx.decision("bob", mapping, staffIndex).roles == ["contractor"])
        #expect(Fx.decision("carol", mapping, staffIndex).scope.isInScope == false)
    }

    @Test func allAnyNot() {
        let employee = Condition.all([.group(.name("staff")), .not(.attribute(name: "employeetype", .equals("contractor")))])
        let mapping = MappingSet(rules: [
            Fx.rule("employee", employee, roles: ["employee"]),
            Fx.rule("either", .any([.group(.name("asm-admins")), .attribute(name: "departmentnumber", .equals("4711"))]), roles: ["either"]),
        ])
        #expect(Fx.decision("alice", mapping, staffIndex).roles == ["either", "employee"])
        #expect(Fx.decision("bob", mapping, staffIndex).scope == .outOfScope(reason: "no mapping rule matches"))
        #expect(Fx.decision("carol", mapping, staffIndex).roles == ["either", "employee"])
    }

    @Test func allCombinesCapturesFromBothSides() throws {
        let rule = Fx.rule(
            "combo",
            .all([
                .group(.regex(try RegexPattern("^proj-(?<project>[a-z]+)-r[ow]$"))),
                .attribute(name: "employeetype", .regex(try RegexPattern("^(?<kind>.+)$"))),
            ]),
            projects: [ProjectGrant(project: "${project}-${kind}", permission: .all)])
        let bob = Fx.decision("bob", MappingSet(rules: [rule]), staffIndex)
        #expect(bob.projects == ["apollo-Contractor": .all, "zeus-Contractor": .all])
    }

    @Test func emptySubstitutionIsSkipped() throws {
        let rule = Fx.rule(
            .any([.group(.regex(try RegexPattern("^proj-(?<project>[a-z]*)-rw$"))), .group(.name("staff"))]),
            roles: ["r"], projects: [ProjectGrant(project: "${project}", permission: .all)])
        // bob matches only through "staff", which binds no project: no grant, but the rule matched
        let bob = Fx.decision("bob", MappingSet(rules: [rule]), staffIndex)
        #expect(bob.projects.isEmpty)
        #expect(bob.roles == ["r"])
    }

    @Test func exclusionsWinAndNameThePattern() {
        let mapping = MappingSet(
            scope: .all,
            excludes: [
                ExcludeRule(field: .username, pattern: "SVC-*", location: SourceLocation(file: "m.yaml", line: 20, column: 5)),
                ExcludeRule(field: .email, pattern: "*@partners.example.com"),
            ])
        #expect(Fx.decision("svc-backup", mapping, staffIndex).scope == .excluded(reason: "excluded by username pattern 'SVC-*' (m.yaml:20:5)"))
        #expect(Fx.decision("dave", mapping, staffIndex).scope == .excluded(reason: "excluded by email pattern '*@partners.example.com'"))
        #expect(Fx.decision("alice", mapping, staffIndex).scope == .inScope(reason: "in scope: scope all"))
        #expect(Fx.decision("svc-backup", mapping, staffIndex).roles.isEmpty)
    }

    @Test func disabledInAnySourceIsOutOfScope() {
        let corp = DirectorySnapshot(source: "corp", users: [Fx.user("alice")], groups: [Fx.group("staff", members: ["alice"])])
        let cloud = DirectorySnapshot(source: "cloud", users: [Fx.user("alice", source: "cloud", disabled: true)], groups: [])
        let index = PeopleIndex(snapshots: [corp, cloud], matchBy: .email, nestedSources: [])
        let mapping = MappingSet(rules: [Fx.rule("staff", .group(.name("staff")), roles: ["employee"])])
        let decision = Fx.decision("alice", mapping, index)
        #expect(decision.scope == .outOfScope(reason: "disabled in source 'cloud'"))
        #expect(decision.roles.isEmpty)
        #expect(decision.matchedRules.count == 1)
    }

    @Test func domainAllowListWithSubdomains() {
        let index = Fx.index([
            Fx.user("alice"),
            Fx.user("bob", email: "bob@eu.example.com"),
            Fx.user("carol", email: "carol@example.org"),
            Fx.user("dave", email: "dave@sub.example.org"),
        ])
        let mapping = MappingSet(
            scope: .all, defaultRoles: ["viewer"],
            domains: [DomainRule(domain: "example.com", roles: ["asm-users"]), DomainRule(domain: "*.example.org", roles: ["guests"])])
        #expect(Fx.decision("alice", mapping, index).roles == ["asm-users", "viewer"])
        #expect(Fx.decision("bob", mapping, index).scope == .outOfScope(reason: "email domain 'eu.example.com' is not in the allowed domains"))
        #expect(Fx.decision("carol", mapping, index).scope == .outOfScope(reason: "email domain 'example.org' is not in the allowed domains"))
        #expect(Fx.decision("dave", mapping, index).roles == ["guests", "viewer"])
    }

    @Test func userWithoutEmailIsOutOfScopeUnderADomainList() {
        let index = Fx.index([Fx.user("alice", email: nil)], matchBy: .username)
        let mapping = MappingSet(scope: .all, domains: [DomainRule(domain: "example.com")])
        #expect(!Fx.decision("alice", mapping, index).scope.isInScope)
    }

    @Test func defaultsAndDomainRolesPutNobodyInScopeUnderMapped() {
        let index = Fx.index([Fx.user("alice"), Fx.user("bob")], [Fx.group("staff", members: ["alice"])])
        let mapping = MappingSet(
            scope: .mapped, defaultRoles: ["viewer"], domains: [DomainRule(domain: "example.com", roles: ["asm-users"])],
            rules: [Fx.rule("staff", .group(.name("staff")))])
        let alice = Fx.decision("alice", mapping, index)
        #expect(alice.roles == ["asm-users", "viewer"])
        let bob = Fx.decision("bob", mapping, index)
        #expect(bob.scope == .outOfScope(reason: "no mapping rule matches"))
        #expect(bob.roles.isEmpty)
    }

    @Test func reasonListsEveryMatchedRule() {
        let index = Fx.index([Fx.user("alice")], [Fx.group("staff", members: ["alice"])])
        let mapping = MappingSet(rules: [Fx.rule("one", .group(.name("staff"))), Fx.rule("two", .group(.glob("st*")))])
        #expect(Fx.decision("alice", mapping, index).scope == .inScope(reason: "mapped by rules 'one', 'two'"))
    }

    @Test func roleClosureAndTags() {
        let catalogue: [String: RoleDefinition] = [
            "administrator": RoleDefinition(name: "administrator", includes: ["editor"]),
            "editor": RoleDefinition(name: "editor", includes: ["viewer"], tags: ["COUNTRY_US"]),
            "viewer": RoleDefinition(name: "viewer", tags: ["BASIC"]),
            "loop-a": RoleDefinition(name: "loop-a", includes: ["loop-b"]),
            "loop-b": RoleDefinition(name: "loop-b", includes: ["loop-a"]),
        ]
        let index = Fx.index([Fx.user("alice"), Fx.user("bob")], [Fx.group("admins", members: ["alice"]), Fx.group("loopers", members: ["bob"])])
        let mapping = MappingSet(
            roles: catalogue,
            rules: [Fx.rule("admins", .group(.name("admins")), roles: ["administrator"]), Fx.rule("loop", .group(.name("loopers")), roles: ["loop-a"])])
        let alice = Fx.decision("alice", mapping, index)
        #expect(alice.roles == ["administrator", "editor", "viewer"])
        #expect(alice.tags == ["BASIC", "COUNTRY_US"])
        #expect(Fx.decision("bob", mapping, index).roles == ["loop-a", "loop-b"])
    }
}

/// `role:` conditions and `every_project:`: the policy manager's "asm-admins and asm-users
/// together have All in every project they belong to", and the same for any application.
@Suite struct HeldRoleRuleTests {
    /// alice: admin, user, reads gdpr; bob: admin, reads gdpr; carol: user, reads gdpr and
    /// is in ops (nested in asm-users); dave: in no rule's group.
    let index = Fx.index(
        [Fx.user("alice"), Fx.user("bob"), Fx.user("carol"), Fx.user("dave")],
        [
            Fx.group("asm-admins", members: ["alice", "bob"]),
            Fx.group("asm-users", members: ["alice", "@ops"]),
            Fx.group("ops", members: ["carol"]),
            Fx.group("gdpr-readers", members: ["alice", "bob", "carol"]),
            Fx.group("pci-owners", members: ["carol"]),
        ])

    static func rule(_ name: String, _ condition: Condition, roles: [String] = [], projects: [ProjectGrant] = [], everyProject: Permission? = nil, line: Int) -> MappingRule {
        MappingRule(
            name: name, condition: condition, roles: roles, projects: projects, everyProject: everyProject,
            location: SourceLocation(file: "mappings/10-test.yaml", line: line, column: 5))
    }

    /// The raising rule comes first on purpose: rules that test roles run after the others
    /// whatever their place in the file.
    var policyManager: MappingSet {
        MappingSet(rules: [
            Self.rule("admins who are users", .all([.role("asm-admins"), .role("asm-users")]), everyProject: .all, line: 2),
            Self.rule("admins", .group(.name("asm-admins")), roles: ["asm-admins"], line: 5),
            Self.rule("users", .group(.name("asm-users")), roles: ["asm-users"], line: 8),
            Self.rule("gdpr readers", .group(.name("gdpr-readers")), projects: [ProjectGrant(project: "gdpr", permission: .readOnly)], line: 11),
            Self.rule("pci owners", .group(.name("pci-owners")), projects: [ProjectGrant(project: "pci", permission: .all)], line: 14),
        ])
    }

    @Test func holdingBothRolesRaisesEveryProjectToAll() {
        let alice = Fx.decision("alice", policyManager, index)
        #expect(alice.roles == ["asm-admins", "asm-users"])
        #expect(alice.projects == ["gdpr": .all])
        #expect(alice.scope == .inScope(reason: "mapped by rules 'admins who are users', 'admins', 'users', 'gdpr readers'"))
        #expect(alice.matchedRules.map(\.label) == ["admins who are users", "admins", "users", "gdpr readers"])
        #expect(alice.matchedRules.map(\.everyProject) == [.all, nil, nil, nil])
        // One of the two roles is not enough.
        #expect(Fx.decision("bob", policyManager, index).projects == ["gdpr": .readOnly])
        #expect(Fx.decision("carol", policyManager, index).projects == ["gdpr": .readOnly, "pci": .all])
    }

    @Test func bulkDecisionsAgreeWithRecordedOnes() {
        let engine = MappingEngine(mapping: policyManager, index: index)
        let memo = DecisionMemo()
        for person in index.people {
            let bulk = engine.decide(person, memo: memo)
            let recorded = engine.decide(person)
            #expect(bulk.projects == recorded.projects)
            #expect(bulk.roles == recorded.roles)
            #expect(bulk.scope == recorded.scope)
        }
        #expect(engine.decide(index.person(matching: "alice")!, memo: memo).projects == ["gdpr": .all])
    }

    @Test func heldRolesAreTheClosureOfRulesDefaultsAndDomains() {
        let catalogue: [String: RoleDefinition] = [
            "admin": RoleDefinition(name: "admin", includes: ["user"]), "user": RoleDefinition(name: "user"),
            "member": RoleDefinition(name: "member"), "viewer": RoleDefinition(name: "viewer"),
        ]
        let readers = Self.rule("readers", .group(.name("gdpr-readers")), roles: ["admin"], projects: [ProjectGrant(project: "gdpr", permission: .readOnly)], line: 2)
        func raised(_ condition: Condition, defaults: [String] = [], domains: [DomainRule]? = nil) -> [String: Permission] {
            let mapping = MappingSet(
                roles: catalogue, defaultRoles: defaults, domains: domains,
                rules: [readers, Self.rule("raise", condition, everyProject: .all, line: 5)])
            return Fx.decision("bob", mapping, index).projects
        }
        #expect(raised(.role("user")) == ["gdpr": .all])  // admin includes user
        #expect(raised(.role("viewer")) == ["gdpr": .readOnly])
        #expect(raised(.role("viewer"), defaults: ["viewer"]) == ["gdpr": .all])
        #expect(raised(.role("member"), domains: [DomainRule(domain: "example.com", roles: ["member"])]) == ["gdpr": .all])
        #expect(raised(.not(.role("member"))) == ["gdpr": .all])
    }

    @Test func roleRulesNeverPutAnyoneInScope() {
        let mapping = MappingSet(
            scope: .mapped, defaultRoles: ["viewer"],
            rules: [Self.rule("viewers read", .role("viewer"), projects: [ProjectGrant(project: "wiki", permission: .readOnly)], line: 2)])
        let dave = Fx.decision("dave", mapping, index)
        #expect(dave.scope == .outOfScope(reason: "no mapping rule matches"))
        #expect(dave.projects.isEmpty)
        let everyone = MappingSet(scope: .all, defaultRoles: ["viewer"], rules: mapping.rules)
        #expect(Fx.decision("dave", everyone, index).projects == ["wiki": .readOnly])
    }

    @Test func everyProjectOnAGroupRuleRaisesProjectsOfOtherRules() {
        let mapping = MappingSet(rules: [
            Self.rule("gdpr readers", .group(.name("gdpr-readers")), projects: [ProjectGrant(project: "gdpr", permission: .readOnly)], line: 2),
            Self.rule("ops", .group(.name("ops")), everyProject: .all, line: 5),
        ])
        let engine = MappingEngine(mapping: mapping, index: index)
        let carol = index.person(matching: "carol")!
        #expect(engine.decide(carol, memo: DecisionMemo()).projects == ["gdpr": .all])
        #expect(engine.decide(carol).projects == ["gdpr": .all])
        #expect(engine.decide(index.person(matching: "bob")!, memo: DecisionMemo()).projects == ["gdpr": .readOnly])
    }

    @Test func explainShowsTheRaisingRule() {
        let engine = MappingEngine(mapping: policyManager, index: index)
        let explanation = Explainer.explain(
            query: "alice", index: index, engine: engine, accounts: [], ledger: [], plan: Plan(operations: []))!
        let text = ExplanationRenderer.render(explanation)
        #expect(text.contains("  admins who are users at mappings/10-test.yaml:2 (every project: all)\n"))
        #expect(text.contains("  admins at mappings/10-test.yaml:5\n"))
        #expect(text.contains("Projects: gdpr=all"))
        // JSON names the permission only for a rule that has one, so other rules read as before.
        let json = String(decoding: try! JSONEncoder().encode(explanation.rules), as: UTF8.self)
        #expect(json.components(separatedBy: "\"every_project\":\"all\"").count == 2)
        #expect(json.components(separatedBy: "every_project").count == 2)
    }
}
