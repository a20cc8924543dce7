import Testing
@testable import DirSyncCore

/// Builds a directory in memory: `users` people, a 10-ary tree of `groups` nested groups under
/// `g-0` (so everyone reaches `g-0` only through nesting), and 100 project groups.
enum SyntheticDirectory {
    static func snapshot(users userCount: Int, groups groupCount: Int) -> DirectorySnapshot {
        var users: [DirectoryUser] = []
        users.reserveCapacity(userCount)
        var members = [[String]](repeating: [], count: groupCount)
        var projectMembers = [[String]](repeating: [], count: 100)
        for i in 0..<userCount {
            let dn = "uid=user\(i),ou=people,dc=example,dc=com"
            users.append(
                DirectoryUser(
                    source: "corp", id: "uuid-\(i)", dn: dn, username: "user\(i)", email: "User\(i)@Example.com",
                    displayName: "User \(i)", disabled: i % 4 == 0))
            members[i % groupCount].append(dn)
            members[(i * 7 + 3) % groupCount].append(i % 2 == 0 ? dn.uppercased() : dn)
            projectMembers[i % 100].append(dn)
        }
        for k in 1..<groupCount {
            members[(k - 1) / 10].append("cn=g-\(k),ou=groups,dc=example,dc=com")
        }
        var groups = (0..<groupCount).map { k in
            DirectoryGroup(source: "corp", dn: "cn=g-\(k),ou=groups,dc=example,dc=com", name: "g-\(k)", members: members[k])
        }
        groups += (0..<100).map { p in
            DirectoryGroup(source: "corp", dn: "cn=proj-p\(p)-rw,ou=groups,dc=example,dc=com", name: "proj-p\(p)-rw", members: projectMembers[p])
        }
        return DirectorySnapshot(source: "corp", users: users, groups: groups)
    }

    static func mapping() throws -> MappingSet {
        MappingSet(
            defaultRoles: ["viewer"],
            rules: [
                Fx.rule("staff", .group(.name("G-0")), roles: ["staff"]),
                Fx.rule("projects", .group(.regex(try RegexPattern("^proj-(?<project>p[0-9]+)-rw$"))),
                    projects: [ProjectGrant(project: "${project}", permission: .all)]),
            ])
    }
}

@Suite struct ScaleTests {
    @Test func decidesTwentyThousandPeopleInAThousandNestedGroups() throws {
        let snapshot = SyntheticDirectory.snapshot(users: 20_000, groups: 1_000)
        let index = PeopleIndex(snapshots: [snapshot], matchBy: .email, nestedSources: ["corp"])
        #expect(index.people.count == 20_000)
        #expect(index.warnings.isEmpty)
        let engine = MappingEngine(mapping: try SyntheticDirectory.mapping(), index: index)
        let decisions = engine.decideAll()
        #expect(decisions.filter(\.scope.isInScope).count == 15_000)
        #expect(decisions.filter { $0.scope == .outOfScope(reason: "disabled in source 'corp'") }.count == 5_000)
        let user1 = decisions[1]
        #expect(user1.roles == ["staff", "viewer"])
        #expect(user1.projects == ["p1": .all])
        // user 1111 is directly in g-111 (depth 3) and g-780: its path reaches g-0 through nesting
        let memberships = index.memberships(of: index.people[1111])
        #expect(memberships.first { $0.name == "g-0" }?.path == ["g-111", "g-11", "g-1", "g-0"])
        let result = Planner.plan(decisions: decisions, accounts: [], ledger: [], matchBy: .email, lifecycle: .init(), now: Fx.now)
        #expect(result.plan.summary.create == 15_000)

        // Against an empty target the creates are built on every core; the general path
        // (taken here because of an account nobody matches, which it leaves alone) must
        // plan exactly the same.
        let unrelated = Account(key: "k-x", username: "nobody", email: "nobody@elsewhere.test", displayName: nil, status: .active)
        let general = Planner.plan(
            decisions: decisions, accounts: [unrelated], ledger: [], matchBy: .email, lifecycle: .init(), now: Fx.now)
        #expect(general.plan == result.plan)
        #expect(general.ledgerUpdates.isEmpty && result.ledgerUpdates.isEmpty)
    }
}
