import DirSyncCore
import DirSyncTestSupport
import Foundation
import Testing

@testable import DirSyncLDAP

/// The test server's write helpers, which later integration tests rely on.
@Suite struct SlapdServerTests {
    @Test func addModifyAndDeleteAreSeenByTheNextRead() async throws {
        let server = try SlapdServer.start()
        try server.add(ldif: """
            dn: uid=carol,ou=people,dc=example,dc=com
            objectClass: inetOrgPerson
            uid: carol
            cn: Carol
            sn: C
            mail: carol@example.com

            dn: cn=team,ou=groups,dc=example,dc=com
            objectClass: groupOfNames
            cn: team
            member: uid=carol,ou=people,dc=example,dc=com

            """)
        let source = LDAPSource(name: "corp", settings: settings(server, groups: GroupSchema(base: server.groupsDN)))
        let first = try await source.readSnapshot()
        #expect(first.users.map(\.email) == ["carol@example.com"])
        #expect(first.groups.map(\.name) == ["team"])

        try server.modify(ldif: """
            dn: uid=carol,ou=people,dc=example,dc=com
            changetype: modify
            replace: mail
            mail: carol.new@example.com

            """)
        let second = try await source.readSnapshot()
        #expect(second.users.map(\.email) == ["carol.new@example.com"])
        #expect(second.users.map(\.id) == first.users.map(\.id))  // entryUUID survives changes

        try server.delete(dn: "cn=team,ou=groups,dc=example,dc=com")
        try server.delete(dn: "uid=carol,ou=people,dc=example,dc=com")
        let third = try await source.readSnapshot()
        #expect(third.users.isEmpty)
        #expect(third.groups.isEmpty)
    }

    @Test func stopEndsTheServer() async throws {
        let server = try SlapdServer.start()
        server.stop()
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server)).readSnapshot()
        }
        #expect(error?.message.contains("cannot contact") == true)
    }
}
