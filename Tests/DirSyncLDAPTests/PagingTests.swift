import DirSyncCore
import DirSyncTestSupport
import Foundation
import Testing

@testable import DirSyncLDAP

/// Settings for the test server's ordinary bind DN (to whom the size limit applies).
func settings(
    _ server: SlapdServer, urls: [String]? = nil, pageSize: Int = 500, groups: GroupSchema? = nil,
    users: UserSchema? = nil
) -> LDAPSourceSettings {
    LDAPSourceSettings(
        urls: urls ?? [server.url], bindDN: server.bindDN, bindPassword: Secret(server.bindPassword),
        pageSize: pageSize, timeoutSeconds: 10,
        users: users ?? UserSchema(base: server.peopleDN, disabled: .attribute(name: "nsAccountLock", equals: "TRUE")),
        groups: groups)
}

@Suite struct PagingTests {
    @Test func readsPastTheServerSizeLimitByPaging() async throws {
        let server = try SlapdServer.start(ldif: SyntheticDirectory.ldif(users: 1200, groups: 3, disabledEvery: 100))

        // The limit bites an unpaged search by the same bind DN.
        let unpaged = try server.ldapsearchAsBindDN(["-b", server.peopleDN, "(objectClass=inetOrgPerson)", "uid"])
        #expect(unpaged.status == 4)  // sizeLimitExceeded

        let snapshot = try await LDAPSource(name: "corp", settings: settings(server, pageSize: 250)).readSnapshot()
        #expect(snapshot.users.count == 1200)
        #expect(Set(snapshot.users.map(\.id)).count == 1200)
        #expect(snapshot.users.filter(\.disabled).count == 12)
        let first = try #require(snapshot.users.first { $0.username == "user000007" })
        #expect(first.email == "user000007@example.com")
        #expect(first.displayName == "User 000007")
        #expect(first.dn == "uid=user000007,ou=people,dc=example,dc=com")
        #expect(UUID(uuidString: first.id) != nil)
    }

    @Test func unpagedReadFailsInsteadOfReturningPartialSnapshot() async throws {
        let server = try SlapdServer.start(ldif: SyntheticDirectory.ldif(users: 600, groups: 0))
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, pageSize: 0)).readSnapshot()
        }
        #expect(error?.message.contains("size limit") == true)
    }
}
