import DirSyncCore
import DirSyncTestSupport
import Foundation
import Testing

@testable import DirSyncLDAP

/// Failover, binds and TLS against a real slapd.
@Suite struct ConnectionTests {
    static let oneUser = SyntheticDirectory.ldif(users: 3, groups: 1)

    /// Users and groups both come back when the first URL is dead (the groups' connection
    /// goes to the server the users were read from).
    @Test func failsOverFromADeadURLToALiveOne() async throws {
        let server = try SlapdServer.start(ldif: Self.oneUser)
        let dead = try SlapdServer.deadURL()
        let snapshot = try await LDAPSource(
            name: "corp", settings: settings(server, urls: [dead, server.url], groups: GroupSchema(base: server.groupsDN))
        ).readSnapshot()
        #expect(snapshot.users.count == 3)
        #expect(snapshot.groups.count == 1)
    }

    /// The groups are read on a connection of their own while the users arrive; when
    /// their search fails, so does the read, though every user came back.
    @Test func aFailedGroupSearchFailsTheWholeRead() async throws {
        let server = try SlapdServer.start(ldif: Self.oneUser)
        let missing = "ou=missing,\(server.groupsDN)"
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, groups: GroupSchema(base: missing))).readSnapshot()
        }
        #expect(error?.message.contains("the search base \(missing) does not exist") == true)
    }

    @Test func allURLsDeadIsASourceErrorNamingEach() async throws {
        let server = try SlapdServer.start()
        let dead1 = try SlapdServer.deadURL()
        let dead2 = try SlapdServer.deadURL()
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: settings(server, urls: [dead1, dead2])).readSnapshot()
        }
        #expect(error?.source == "corp")
        #expect(error?.message.contains(dead1) == true)
        #expect(error?.message.contains(dead2) == true)
        #expect(error?.message.contains("cannot contact") == true)
    }

    @Test func wrongPasswordIsABindErrorWithoutThePassword() async throws {
        let server = try SlapdServer.start()
        var s = settings(server)
        s.bindPassword = Secret("wrong-Pa55word-xyz")
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: s).readSnapshot()
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("bind as \(server.bindDN)"))
        #expect(text.contains("invalid credentials"))
        #expect(!text.contains("wrong-Pa55word-xyz"))
    }

    @Test func ldapsWithTheRightCA() async throws {
        let server = try SlapdServer.start(tls: true, ldif: Self.oneUser)
        var s = settings(server, urls: [try #require(server.ldapsURL)])
        s.caFile = server.caFile
        let snapshot = try await LDAPSource(name: "corp", settings: s).readSnapshot()
        #expect(snapshot.users.count == 3)
    }

    @Test func startTLSWithTheRightCA() async throws {
        let server = try SlapdServer.start(tls: true, ldif: Self.oneUser)
        var s = settings(server)
        s.startTLS = true
        s.caFile = server.caFile
        let snapshot = try await LDAPSource(name: "corp", settings: s).readSnapshot()
        #expect(snapshot.users.count == 3)
    }

    @Test func ldapsWithTheWrongCAFailsNamingTLSAndTheCAFile() async throws {
        let server = try SlapdServer.start(tls: true)
        let url = try #require(server.ldapsURL)
        var s = settings(server, urls: [url])
        s.caFile = server.wrongCAFile
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: s).readSnapshot()
        }
        let message = error?.message ?? ""
        #expect(message.contains("TLS handshake with \(url) failed"))
        #expect(message.contains(try #require(server.wrongCAFile)))
        #expect(message.contains("check ca_file"))
    }

    @Test func startTLSWithTheWrongCAFailsNamingTLS() async throws {
        let server = try SlapdServer.start(tls: true)
        var s = settings(server)
        s.startTLS = true
        s.caFile = server.wrongCAFile
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: s).readSnapshot()
        }
        let message = error?.message ?? ""
        #expect(message.contains("StartTLS with \(server.url) failed"))
        #expect(message.contains(try #require(server.wrongCAFile)))
    }

    @Test func ldapsWithoutCAFileUsesTheSystemStoreAndRejectsAPrivateCA() async throws {
        let server = try SlapdServer.start(tls: true)
        let s = settings(server, urls: [try #require(server.ldapsURL)])
        let error = await #expect(throws: SourceError.self) {
            try await LDAPSource(name: "corp", settings: s).readSnapshot()
        }
        #expect(error?.message.contains("system's trusted CAs") == true)
    }
}
