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
