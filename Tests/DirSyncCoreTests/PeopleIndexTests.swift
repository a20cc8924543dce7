import Testing
@testable import DirSyncCore

@Suite struct PeopleIndexTests {
    @Test func nestedThreeDeepWithACycleTerminatesWithShortestPaths() {
        let index = Fx.index(
            [Fx.user("alice"), Fx.user("bob")],
            [
                Fx.group("a", members: ["alice", "@c"]),
                Fx.group("b", members: ["@a"]),
                Fx.group("c", members: ["@b", "bob"]),
            ])
        let alice = index.person(matching: "alice")!
        let paths = Dictionary(uniqueKeysWithValues: index.memberships(of: alice).map { ($0.name, $0.path) })
        #expect(paths == ["a": ["a"], "b": ["a", "b"], "c": ["a", "b", "c"]])
        let bob = index.person(matching: "bob")!
        let bobPaths = Dictionary(uniqueKeysWithValues: index.memberships(of: bob).map { ($0.name, $0.path) })
        #expect(bobPaths == ["c": ["c"], "a": ["c", "a"], "b": ["c", "a", "b"]])
    }

    @Test func nestingIsIgnoredWhenTheSourceDoesNotNest() {
        let index = Fx.index([Fx.user("alice")], [Fx.group("a", members: ["alice"]), Fx.group("b", members: ["@a"])], nested: false)
        #expect(index.memberships(of: index.people[0]).map(\.name) == ["a"])
    }

    @Test func memberUidResolvesByUsernameCaseInsensitively() {
        let index = Fx.index([Fx.user("alice"), Fx.user("bob")], [Fx.group("posix", memberUids: ["ALICE", "nobody"])])
        #expect(index.memberships(of: index.person(matching: "alice")!).map(\.name) == ["posix"])
        #expect(index.memberships(of: index.person(matching: "bob")!).isEmpty)
    }

    @Test func memberDNsCompareTheRFC4514Way() {
        let index = Fx.index(
            [Fx.user("alice")],
            [
                Fx.group("unique", members: ["UID=Alice, OU=People,DC=Example,DC=Com"]),
                Fx.group("escaped", members: ["uid=\\61lice,ou=people,dc=example,dc=com"]),
                Fx.group("dangling", members: ["uid=ghost,ou=people,dc=example,dc=com", "cn=missing,dc=x"]),
            ])
        #expect(index.memberships(of: index.people[0]).map(\.name) == ["unique", "escaped"])
    }

    @Test func mergesAcrossSourcesByEmailWithMixedCase() {
        let corp = DirectorySnapshot(source: "corp", users: [Fx.user("alice", name: "Alice Liddell")], groups: [Fx.group("staff", members: ["alice"])])
        var cloudAlice = Fx.user("aliddell", source: "cloud", email: " Alice@Example.COM ")
        cloudAlice.displayName = "A. Liddell"
        let cloud = DirectorySnapshot(
            source: "cloud", users: [cloudAlice],
            groups: [
                Fx.group("cloud-admins", source: "cloud", members: ["aliddell"]),
                // a DN of the corp entry: not resolved across sources
                Fx.group("cross", source: "cloud", members: ["alice"]),
            ])
        let index = PeopleIndex(snapshots: [corp, cloud], matchBy: .email, nestedSources: ["corp", "cloud"])
        #expect(index.people.count == 1)
        let person = index.people[0]
        #expect(person.key == "alice@example.com")
        #expect(person.entries.map(\.source) == ["corp", "cloud"])
        #expect(person.identities == ["corp:id-alice", "cloud:id-aliddell"])
        #expect(index.memberships(of: person).map(\.name) == ["staff", "cloud-admins"])
        #expect(index.person(matching: "ALIDDELL")?.key == "alice@example.com")
        #expect(index.person(matching: "alice@EXAMPLE.com")?.key == "alice@example.com")
        #expect(index.person(matching: "nobody") == nil)
    }

    @Test func mergesByUsername() {
        let a = DirectorySnapshot(source: "corp", users: [Fx.user("Alice")], groups: [])
        let b = DirectorySnapshot(source: "cloud", users: [Fx.user("alice", source: "cloud", email: "other@example.org")], groups: [])
        let index = PeopleIndex(snapshots: [a, b], matchBy: .username, nestedSources: [])
        #expect(index.people.count == 1)
        #expect(index.people[0].key == "alice")
    }

    @Test func userWithoutMatchKeyIsSkippedWithAWarning() {
        let index = Fx.index([Fx.user("alice"), Fx.user("nomail", email: nil), Fx.user("blank", email: "  ")])
        #expect(index.people.map(\.key) == ["alice@example.com"])
        #expect(index.warnings.count == 2)
        #expect(index.warnings[0].contains("uid=nomail,ou=people,dc=example,dc=com"))
        #expect(index.warnings[0].contains("source 'corp'"))
        #expect(index.warnings[0].contains("no new account"))
        #expect(index.held.map(\.user.username) == ["nomail", "blank"])
    }

    @Test func duplicateKeyInOneSourceHoldsEveryEntryThatSharesIt() {
        let users = [Fx.user("alice"), Fx.user("bob"), Fx.user("alice2", email: "ALICE@example.com"), Fx.user("alice3", email: "alice@example.com")]
        let index = Fx.index(users)
        #expect(index.people.map(\.key) == ["bob@example.com"])
        #expect(index.held.map(\.user.username) == ["alice", "alice2", "alice3"])
        #expect(index.held[0].why == "has the same email 'alice@example.com' as uid=alice2,ou=people,dc=example,dc=com")
        #expect(index.held[1].why == "has the same email 'alice@example.com' as uid=alice,ou=people,dc=example,dc=com")
        #expect(index.warnings.count == 3)
        #expect(index.warnings[1].contains("uid=alice2,ou=people,dc=example,dc=com (username 'alice2') has the same email"))
        #expect(index.heldEntry(matching: "ALICE3")?.user.username == "alice3")
    }

    @Test func anotherSourceWithTheSharedKeyStillMakesAPerson() {
        let index = PeopleIndex(
            snapshots: [
                DirectorySnapshot(source: "hr", users: [Fx.user("alice", source: "hr")], groups: []),
                DirectorySnapshot(source: "corp", users: [Fx.user("alice"), Fx.user("alice2", email: "alice@example.com")], groups: []),
            ], matchBy: .email, nestedSources: [])
        #expect(index.people.map { $0.entries.map(\.source) } == [["hr"]])
        #expect(index.held.map(\.user.username) == ["alice", "alice2"])
    }
}
