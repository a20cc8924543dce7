import DirSyncCore
import DirSyncTestSupport
import Foundation
import Testing

@testable import DirSyncLDAP

/// Users and groups of every supported shape, read from a real slapd.
@Suite struct EntryMappingTests {
    static let ldif = """
        dn: uid=alice,ou=people,dc=example,dc=com
        objectClass: inetOrgPerson
        objectClass: dirsyncTestAccount
        uid: alice
        cn: Alice Ærøskøbing
        sn: Ærøskøbing
        mail: alice@example.com
        departmentNumber: 4711
        employeeType: staff
        employeeType: contractor

        dn: uid=bob,ou=people,dc=example,dc=com
        objectClass: inetOrgPerson
        objectClass: dirsyncTestAccount
        uid: bob
        cn: Bob
        sn: B
        mail: bob@example.com
        nsAccountLock: true
        userAccountControl: 514

        dn: cn=Smith\\, John,ou=people,dc=example,dc=com
        objectClass: inetOrgPerson
        objectClass: dirsyncTestAccount
        uid: jsmith
        cn: Smith, John
        sn: Smith
        mail: jsmith@example.com
        userAccountControl: 512

        dn: cn=staff,ou=groups,dc=example,dc=com
        objectClass: groupOfNames
        cn: staff
        member: uid=alice,ou=people,dc=example,dc=com
        member: cn=Smith\\, John,ou=people,dc=example,dc=com
        member: cn=admins,ou=groups,dc=example,dc=com

        dn: cn=admins,ou=groups,dc=example,dc=com
        objectClass: groupOfUniqueNames
        cn: admins
        uniqueMember: uid=bob,ou=people,dc=example,dc=com#'0101'B
        uniqueMember: uid=alice,ou=people,dc=example,dc=com

        dn: cn=devs,ou=groups,dc=example,dc=com
        objectClass: posixGroup
        cn: devs
        gidNumber: 1000
        memberUid: alice
        memberUid: jsmith

        """

    static let groups = GroupSchema(base: "ou=groups,dc=example,dc=com", member: [.member, .uniqueMember, .memberUid])

    @Test func usersCarryIdentityStatusAndExtraAttributes() async throws {
        let server = try SlapdServer.start(ldif: Self.ldif)
        var users = UserSchema(
            base: server.peopleDN, disabled: .attribute(name: "nsAccountLock", equals: "TRUE"),
            attributes: ["departmentNumber", "EmployeeType"])
        users.filter = "(objectClass=inetOrgPerson)"
        let snapshot = try await LDAPSource(name: "corp", settings: settings(server, users: users)).readSnapshot()
        let byName = Dictionary(uniqueKeysWithValues: snapshot.users.map { ($0.username ?? "", $0) })
        #expect(byName.count == 3)

        let alice = try #require(byName["alice"])
        #expect(alice.source == "corp")
        #expect(alice.displayName == "Alice Ærøskøbing")
        #expect(alice.email == "alice@example.com")
        #expect(alice.disabled == false)
        #expect(alice.attributes["departmentnumber"] == ["4711"])
        #expect(alice.attributes["employeetype"] == ["staff", "contractor"])
        #expect(UUID(uuidString: alice.id) != nil)

        #expect(byName["bob"]?.disabled == true)  // "true" equals "TRUE" case-insensitively
        let smith = try #require(byName["jsmith"])
        // slapd may answer with its own escaping (`\2C`); the DN is the same.
        #expect(DistinguishedName.normalizedRDNs(smith.dn) == ["cn=smith, john", "ou=people", "dc=example", "dc=com"])
        #expect(smith.displayName == "Smith, John")
    }

    @Test func activeDirectoryDisabledBit() async throws {
        let server = try SlapdServer.start(ldif: Self.ldif)
        let users = UserSchema(base: server.peopleDN, disabled: .activeDirectory)
        let snapshot = try await LDAPSource(name: "ad", settings: settings(server, users: users)).readSnapshot()
        let disabled = Dictionary(uniqueKeysWithValues: snapshot.users.map { ($0.username ?? "", $0.disabled) })
        #expect(disabled == ["alice": false, "bob": true, "jsmith": false])
    }

    @Test func groupsReportMembersAsRead() async throws {
        let server = try SlapdServer.start(ldif: Self.ldif)
        let snapshot = try await LDAPSource(name: "corp", settings: settings(server, groups: Self.groups)).readSnapshot()
        let byName = Dictionary(uniqueKeysWithValues: snapshot.groups.map { ($0.name, $0) })
        #expect(Set(byName.keys) == ["staff", "admins", "devs"])
        // Values naming a user read from this source arrive resolved (positions in `users`,
        // the escaped `cn=Smith\, John` included); the rest (a nested group) as written.
        #expect(snapshot.membersResolved)
        func usernames(_ group: DirectoryGroup?) -> [String?] {
            (group?.memberUsers ?? []).map { snapshot.users[Int($0)].username }
        }
        #expect(usernames(byName["staff"]) == ["alice", "jsmith"])
        #expect(byName["staff"]?.members == ["cn=admins,ou=groups,dc=example,dc=com"])
        #expect(byName["staff"]?.dn == "cn=staff,ou=groups,dc=example,dc=com")
        #expect(usernames(byName["admins"]) == ["bob", "alice"])
        #expect(byName["admins"]?.members == [])
        #expect(byName["devs"]?.memberUids == ["alice", "jsmith"])
        #expect(byName["devs"]?.members == [])
    }

    @Test func aUserWithoutTheIdAttributeAbortsTheRead() async throws {
        let server = try SlapdServer.start(ldif: Self.ldif)
        let users = UserSchema(base: server.peopleDN, id: "employeeNumber")
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, users: users)).readSnapshot()
        }
        #expect(error?.message.contains("has no employeeNumber attribute") == true)
    }

    @Test func aMissingBaseIsAnError() async throws {
        let server = try SlapdServer.start()
        let users = UserSchema(base: "ou=nowhere,dc=example,dc=com")
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, users: users)).readSnapshot()
        }
        #expect(error?.message.contains("ou=nowhere,dc=example,dc=com does not exist") == true)
    }
}

/// An AD-shaped entry (binary objectGUID, sAMAccountName, userAccountControl) on slapd.
@Suite struct ActiveDirectoryShapeTests {
    @Test func objectGUIDBecomesAUUIDString() async throws {
        // Bytes 9A 8C 8F 7E 2C 1B 3E 4D 8F 40 11 22 33 44 55 66, base64.
        let server = try SlapdServer.start(ldif: """
            dn: cn=Jane Doe,ou=people,dc=example,dc=com
            objectClass: inetOrgPerson
            objectClass: dirsyncTestAccount
            cn: Jane Doe
            sn: Doe
            sAMAccountName: jdoe
            mail: jdoe@example.com
            userAccountControl: 66050
            objectGUID:: moyPfiwbPk2PQBEiM0RVZg==

            """)
        let users = UserSchema(
            base: server.peopleDN, filter: "(objectClass=dirsyncTestAccount)", id: "objectGUID",
            username: "sAMAccountName", disabled: .activeDirectory)
        let snapshot = try await LDAPSource(name: "ad", settings: settings(server, users: users)).readSnapshot()
        let jane = try #require(snapshot.users.first)
        #expect(jane.id == "7e8f8c9a-1b2c-4d3e-8f40-112233445566")
        #expect(jane.username == "jdoe")
        #expect(jane.disabled)
    }
}
