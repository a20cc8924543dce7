import DirSyncCore
import Testing

@testable import DirSyncLDAP

/// A read that breaks part-way is an error, never a short snapshot.
@Suite struct BrokenReadTests {
    func settings(_ url: String, timeout: Double) -> LDAPSourceSettings {
        LDAPSourceSettings(
            urls: [url], bindDN: "cn=x,dc=example,dc=com", bindPassword: Secret("pw"), timeoutSeconds: timeout,
            users: UserSchema(base: "ou=people,dc=example,dc=com"), groups: nil)
    }

    @Test func aConnectionDroppedDuringTheSearchIsASourceError() async throws {
        let server = try FakeLDAPServer(.dropOnSearch)
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server.url, timeout: 5)).readSnapshot()
        }
        #expect(error?.message.contains("the search of ou=people,dc=example,dc=com on \(server.url) failed") == true)
    }

    @Test func aServerThatStopsAnsweringTimesOut() async throws {
        let server = try FakeLDAPServer(.silentOnSearch)
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server.url, timeout: 0.3)).readSnapshot()
        }
        #expect(error?.message.contains("timed out") == true)
    }
}
