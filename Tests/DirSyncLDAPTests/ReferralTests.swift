import DirSyncCore
import DirSyncLDAP
import DirSyncTestSupport
import Foundation
import Testing

/// A search reference (referral) means people live on a server that was not read: the
/// read fails whole, naming where they are, instead of returning a snapshot without them.
@Suite struct ReferralTests {
    static let referralURL = "ldap://ldap.elsewhere.example/ou=people,dc=elsewhere,dc=com"

    static func referral(under base: String) -> String {
        """
        dn: ou=elsewhere,\(base)
        objectClass: referral
        objectClass: extensibleObject
        ou: elsewhere
        ref: \(referralURL)

        """
    }

    @Test func aReferralUnderTheUsersBaseFailsTheReadNamingItsURL() async throws {
        let server = try SlapdServer.start(
            ldif: SyntheticDirectory.ldif(users: 30, groups: 0) + "\n" + Self.referral(under: "ou=people,dc=example,dc=com"))
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, pageSize: 10)).readSnapshot()
        }
        #expect(error?.source == "corp")
        #expect(error?.message.contains("search reference (referral) to \(Self.referralURL)") == true)
        #expect(error?.message.contains("the search of ou=people,dc=example,dc=com on \(server.url)") == true)
    }

    @Test func aReferralUnderTheGroupsBaseFailsTheReadToo() async throws {
        let server = try SlapdServer.start(
            ldif: SyntheticDirectory.ldif(users: 5, groups: 3) + "\n" + Self.referral(under: "ou=groups,dc=example,dc=com"))
        let groups = GroupSchema(base: server.groupsDN)
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, groups: groups)).readSnapshot()
        }
        #expect(error?.message.contains("the search of ou=groups,dc=example,dc=com") == true)
        #expect(error?.message.contains(Self.referralURL) == true)
    }

    @Test func withoutTheReferralTheSameDirectoryReads() async throws {
        let server = try SlapdServer.start(ldif: SyntheticDirectory.ldif(users: 30, groups: 0))
        let snapshot = try await LDAPSource(name: "corp", settings: settings(server, pageSize: 10)).readSnapshot()
        #expect(snapshot.users.count == 30)
    }
}
