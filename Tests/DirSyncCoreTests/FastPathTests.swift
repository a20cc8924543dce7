import Testing
@testable import DirSyncCore

/// The shortcuts taken for 100k-person directories must give exactly what the plain paths
/// give; each test here compares a fast path with its plain counterpart.
@Suite struct FastPathTests {
    // MARK: DN table

    @Test func dnTableFindsEveryRFC4514SpellingOfAStoredDN() {
        var table = KeyTable(capacity: 4)
        table.insertIfAbsent("uid=alice,ou=people,dc=example,dc=com", 7)
        table.insertIfAbsent("cn=Smith\\, John,ou=people,dc=example,dc=com", 8)
        let spellings = [
            "uid=alice,ou=people,dc=example,dc=com", "UID=Alice,OU=People,DC=Example,DC=Com",
            "uid=alice, ou=people, dc=example, dc=com", "uid=al\\69ce,ou=people,dc=example,dc=com",
        ]
        for spelling in spellings { #expect(table.value(for: spelling) == 7, "\(spelling)") }
        // The same spellings as raw bytes, as the LDAP source looks members up.
        let raw = Array(spellings.joined().utf8)
        var ends: [Int32] = []
        for spelling in spellings { ends.append((ends.last ?? 0) + Int32(spelling.utf8.count)) }
        var found: [Int32] = []
        raw.withUnsafeBufferPointer { table.values(forRaw: $0, ends: ends, into: &found) }
        #expect(found == [7, 7, 7, 7])
        #expect(table.value(for: "cn=smith\\2c john,ou=people,dc=example,dc=com") == 8)
        #expect(table.value(for: "uid=alicia,ou=people,dc=example,dc=com") == nil)
        #expect(table.value(for: "uid=alice,ou=people,dc=example") == nil)
        #expect(table.value(for: "") == nil)
    }

    @Test func dnTableKeepsTheFirstOfEqualDNsAndSurvivesGrowing() {
        var table = KeyTable(capacity: 1)
        table.insertIfAbsent("uid=u0,dc=x", 0)
        table.insertIfAbsent("UID=U0,DC=X", 99)
        for i in 1..<5_000 { table.insertIfAbsent("uid=u\(i),dc=x", Int32(i)) }
        #expect(table.count == 5_000)
        #expect(table.value(for: "uid=u0,dc=x") == 0)
        #expect((0..<5_000).allSatisfy { table.value(for: "uid=U\($0),dc=x") == Int32($0) })
        #expect(table.value(for: "uid=u5000,dc=x") == nil)
    }

    /// The batched lookup (how the LDAP source resolves members) answers exactly as one
    /// lookup at a time, for every kind of spelling, in batches and across batch edges.
    @Test func batchedLookupsAnswerLikeSingleOnes() {
        var table = KeyTable(capacity: 8)
        for i in 0..<40 { table.insertIfAbsent("uid=user\(i),ou=people,dc=example,dc=com", Int32(i)) }
        table.insertIfAbsent("cn=Smith\\, John,ou=people,dc=example,dc=com", 100)
        var values: [String] = []
        for i in 0..<45 {
            switch i % 5 {
            case 0: values.append("uid=user\(i),ou=people,dc=example,dc=com")
            case 1: values.append("UID=User\(i),OU=People,DC=Example,DC=Com")
            case 2: values.append("uid=user\(i), ou=people, dc=example, dc=com")
            case 3: values.append("cn=smith\\2c john,ou=people,dc=example,dc=com")
            default: values.append("uid=nobody\(i),ou=people,dc=example,dc=com")
            }
        }
        var bytes: [UInt8] = []
        var ends: [Int32] = []
        for value in values {
            bytes.append(contentsOf: value.utf8)
            ends.append(Int32(bytes.count))
        }
        var out: [Int32] = []
        bytes.withUnsafeBufferPointer { table.values(forRaw: $0, ends: ends, into: &out) }
        #expect(out == values.map { table.value(for: $0) ?? -1 })
        #expect(out.filter { $0 >= 0 }.count == 33)  // 24 users (three spellings, below 40) and Smith nine times
    }

    /// Numbering member values first (while the users still arrive) and resolving each
    /// distinct DN once gives every value the user a direct lookup would give it.
    @Test func numberedMembersResolveLikeDirectLookups() {
        var resolver = MemberResolver(expectedUsers: 8)
        for i in 0..<30 { resolver.addUser(dn: "uid=user\(i),ou=people,dc=example,dc=com", position: i) }
        resolver.addUser(dn: "cn=Smith\\, John,ou=people,dc=example,dc=com", position: 100)
        resolver.addUser(dn: "cn=Zoë,ou=people,dc=example,dc=com", position: 101)
        let spellings: [(Int) -> String] = [
            { "uid=user\($0),ou=people,dc=example,dc=com" }, { "UID=User\($0),OU=People,DC=Example,DC=Com" },
            { "uid=user\($0), ou=people, dc=example, dc=com" }, { _ in "cn=smith\\2c john,ou=people,dc=example,dc=com" },
            { _ in "CN=ZOË,ou=people,dc=example,dc=com" }, { "cn=team-\($0),ou=groups,dc=example,dc=com" },
        ]
        var numbering = MemberNumbering()
        var groups: [(bytes: [UInt8], ends: [Int32])] = []
        for g in 0..<4 {
            var group: (bytes: [UInt8], ends: [Int32]) = ([], [])
            for i in 0..<36 {
                group.bytes.append(contentsOf: spellings[(i + g) % spellings.count]((i * 7 + g) % 35).utf8)
                group.ends.append(Int32(group.bytes.count))
            }
            groups.append(group)
        }
        let numbers = groups.map { group in group.bytes.withUnsafeBufferPointer { numbering.number($0, ends: group.ends) } }
        var userOfMember: [Int32] = []
        numbering.bytes.withUnsafeBufferPointer {
            resolver.userPositions(ofMembers: $0, ends: numbering.ends, into: &userOfMember)
        }
        // Equal DNs, however spelled, share a number.
        let values = groups.flatMap { group in
            group.ends.indices.map { k in
                String(decoding: group.bytes[(k == 0 ? 0 : Int(group.ends[k - 1]))..<Int(group.ends[k])], as: UTF8.self)
            }
        }
        #expect(numbering.count == Set(values.map(DistinguishedName.normalize)).count)
        for (g, group) in groups.enumerated() {
            var direct: [Int32] = []
            group.bytes.withUnsafeBufferPointer { resolver.userPositions(ofMembers: $0, ends: group.ends, into: &direct) }
            #expect(numbers[g].map { userOfMember[Int($0)] } == direct)
            #expect(direct.contains(100) && direct.contains(101) && direct.contains(-1))
        }
    }

    @Test func exactKeysCompareByteForByteAndCanBeReplaced() {
        var table = KeyTable(capacity: 2)
        #expect(table.insertIfAbsent(exact: "corp:abc", 1) == nil)
        #expect(table.insertIfAbsent(exact: "corp:abc", 2) == 1)  // present: the stored value comes back
        #expect(table.insertIfAbsent(exact: "CORP:abc", 3) == nil)  // exact keys do not fold case
        table.replaceValue(exact: "corp:abc", with: 9)
        #expect(table.value(forExact: "corp:abc") == 9)
        #expect(table.value(forExact: "CORP:abc") == 3)
        #expect(Array("corp:abc".utf8).withUnsafeBufferPointer { table.value(forKeyBytes: $0) } == 9)
        #expect(table.value(forExact: "corp:ab") == nil)
        for i in 0..<3_000 { table.insertIfAbsent(exact: "k\(i)", Int32(i)) }
        #expect((0..<3_000).allSatisfy { table.value(forExact: "k\($0)") == Int32($0) })
        #expect(table.value(forExact: "corp:abc") == 9)
    }

    // MARK: members resolved by the source

    /// The same directory given to the index with string members, and with members a
    /// source resolved while reading (as the LDAP source does), yields the same people,
    /// groups and nesting paths.
    @Test func sourceResolvedMembersIndexLikeStringMembers() throws {
        let plain = SyntheticDirectory.snapshot(users: 3_000, groups: 120)
        var resolver = MemberResolver()
        for (i, user) in plain.users.enumerated() { resolver.addUser(dn: user.dn, position: i) }
        /// A group's member values resolved the way the LDAP source does: as bytes, in one batch.
        func userPositions(_ members: [String]) -> [Int32] {
            var bytes: [UInt8] = []
            var ends: [Int32] = []
            for member in members {
                bytes.append(contentsOf: member.utf8)
                ends.append(Int32(bytes.count))
            }
            var positions: [Int32] = []
            bytes.withUnsafeBufferPointer { resolver.userPositions(ofMembers: $0, ends: ends, into: &positions) }
            return positions
        }
        var resolved = plain
        resolved.membersResolved = true
        resolved.groups = plain.groups.map { group in
            var copy = group
            let positions = userPositions(group.members)
            copy.memberUsers = positions.filter { $0 >= 0 }
            copy.members = zip(group.members, positions).filter { $0.1 < 0 }.map(\.0)
            return copy
        }
        #expect(resolved.groups.allSatisfy { $0.members.allSatisfy { $0.hasPrefix("cn=g-") } })

        let a = PeopleIndex(snapshots: [plain], matchBy: .email, nestedSources: ["corp"])
        let b = PeopleIndex(snapshots: [resolved], matchBy: .email, nestedSources: ["corp"])
        #expect(a.people.map(\.key) == b.people.map(\.key))
        for p in [0, 1, 17, 1111, 2999] {
            #expect(a.groupIndices(of: p) == b.groupIndices(of: p))
            #expect(a.memberships(of: a.people[p]) == b.memberships(of: b.people[p]))
        }
        #expect((0..<a.people.count).allSatisfy { a.groupIndices(of: $0) == b.groupIndices(of: $0) })
    }

    // MARK: deciding in bulk

    /// `decide(_:memo:)` (group rule masks, memoized reasons, roles, domains and regex
    /// results) decides every person exactly as `decide(_:)` does.
    @Test func bulkDecisionsEqualRecordedDecisions() throws {
        let users = [
            Fx.user("alice", attributes: ["employeetype": ["staff"], "departmentnumber": ["4711"]]),
            Fx.user("bob", attributes: ["employeetype": ["contractor"]]),
            Fx.user("carol", email: "carol@eu.example.com", attributes: ["employeetype": ["intern"]]),
            Fx.user("dave", email: "dave@elsewhere.org"),
            Fx.user("erin", disabled: true),
            Fx.user("svc-build"),
            Fx.user("frank", attributes: ["employeetype": ["Contractor"]]),
            Fx.user("gina"),
        ]
        let groups = [
            Fx.group("staff", members: ["alice", "bob", "carol", "dave", "erin", "svc-build", "frank", "@team-a"]),
            Fx.group("team-a", members: ["gina"]),
            Fx.group("proj-apollo-rw", members: ["alice", "bob"]),
            Fx.group("proj-apollo-ro", members: ["alice", "carol", "gina"]),
            Fx.group("proj-vega-ro", members: ["bob"]),
            Fx.group("admins", members: ["alice"]),
        ]
        let index = Fx.index(users, groups)
        let mapping = MappingSet(
            roles: [
                "admin": RoleDefinition(name: "admin", includes: ["editor"], tags: ["ADMIN"]),
                "editor": RoleDefinition(name: "editor", includes: ["viewer"]), "viewer": RoleDefinition(name: "viewer"),
                "external": RoleDefinition(name: "external", tags: ["EXTERNAL"]),
                "finance": RoleDefinition(name: "finance", tags: ["SOX"]),
                "domain-user": RoleDefinition(name: "domain-user"),
            ],
            defaultRoles: ["viewer"],
            domains: [DomainRule(domain: "example.com", roles: ["domain-user"]), DomainRule(domain: "*.example.com")],
            rules: [
                Fx.rule("admins", .group(.name("admins")), roles: ["admin"]),
                Fx.rule("staff", .all([.group(.name("staff")), .not(.attribute(name: "employeeType", .equals("contractor")))]), roles: ["editor"]),
                Fx.rule("externals", .attribute(name: "employeeType", .regex(try RegexPattern("^(contractor|intern)$"))), roles: ["external"]),
                Fx.rule("finance", .attribute(name: "departmentNumber", .equals("4711")), roles: ["finance"]),
                Fx.rule("teams", .group(.glob("team-*")), roles: ["viewer"]),
                Fx.rule("writers", .group(.regex(try RegexPattern("^proj-(?<p>[a-z]+)-rw$"))),
                    projects: [ProjectGrant(project: "${p}", permission: .all)]),
                Fx.rule("readers", .group(.regex(try RegexPattern("^proj-(?<p>[a-z]+)-ro$"))),
                    projects: [ProjectGrant(project: "${p}", permission: .readOnly)]),
                Fx.rule("everyone in staff reads the wiki", .group(.name("staff")),
                    projects: [ProjectGrant(project: "wiki", permission: .readOnly)]),
            ],
            excludes: [ExcludeRule(field: .username, pattern: "svc-*")])
        let engine = MappingEngine(mapping: mapping, index: index)
        let memo = DecisionMemo()
        var inScope = 0
        for person in index.people {
            let plain = engine.decide(person)
            let bulk = engine.decide(person, memo: memo)
            #expect(bulk.scope == plain.scope, "\(person.key)")
            #expect(bulk.roles == plain.roles, "\(person.key)")
            #expect(bulk.projects == plain.projects, "\(person.key)")
            #expect(bulk.tags == plain.tags, "\(person.key)")
            #expect(bulk.matchedRules.isEmpty)
            if plain.scope.isInScope { inScope += 1 }
        }
        // The comparison covered in-scope, out-of-scope, disabled and excluded people.
        #expect(inScope >= 4)
        #expect(index.people.map { engine.decide($0).scope.isExcluded }.contains(true))
        #expect(index.people.map { engine.decide($0).scope }.contains(.outOfScope(reason: "disabled in source 'corp'")))
        let alice = engine.decide(index.person(matching: "alice")!, memo: memo)
        #expect(alice.projects == ["apollo": .all, "wiki": .readOnly])
    }

    // MARK: ordering operations

    @Test func operationSortKeysOrderLikeStrings() {
        let names = [
            "aaberg10", "aaberg1018", "aaberg10296", "aaberg1", "b", "", "a", "A", "zz", "abcdefghijklmnopq",
            "abcdefghijklmnopr", "abcdefghijklmnop", "émile", "e\u{301}mile", "zoë", "Zoe", "user\u{0}x", "user",
        ]
        let ops = names.map { AccountOperation(action: .create, username: $0, email: nil, reason: "") }
        let keys = ops.indices.map { OperationSortKey(ops[$0], position: $0) }
        for i in ops.indices {
            for j in ops.indices {
                let expected: OperationSortKey.Order =
                    names[i] == names[j] ? .same : names[i] < names[j] ? .less : .greater
                #expect(keys[i].compare(keys[j], usernames: names) == expected, "\(names[i]) vs \(names[j])")
            }
        }
        let update = OperationSortKey(AccountOperation(action: .update, username: "a", email: nil, reason: ""), position: 0)
        #expect(keys[0].compare(update, usernames: names) == .less)
    }
}
