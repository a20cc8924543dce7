import DirSyncCore
import Foundation
import Testing

@testable import DirSyncLDAP

@Suite final class LDIFSourceTests {
    /// LDIF files this test wrote; removed when the test's instance goes.
    private var files: [String] = []
    deinit { for file in files { try? FileManager.default.removeItem(atPath: file) } }

    static let ldif = """
        version: 1
        # A comment that is
         folded and ignored.

        dn: uid=alice,ou=people,dc=example,dc=com
        objectClass: inetOrgPerson
        objectClass: top
        uid: alice
        cn:: QWxpY2Ugw4Zyw7hza8O4YmluZw==
        mail: alice@exam
         ple.com
        entryUUID: 0b4b9a9e-1a57-103f-8c1b-4d2f3c9e7a01
        departmentNumber: 4711
        nsAccountLock: true

        dn:: Y249U21pdGhcLCBKb2huLG91PXBlb3BsZSxkYz1leGFtcGxlLGRjPWNvbQ==
        changetype: add
        objectClass: inetOrgPerson
        uid: jsmith
        cn: Smith, John
        mail: jsmith@example.com

        dn: uid=svc,ou=services,dc=example,dc=com
        objectClass: inetOrgPerson
        uid: svc
        entryUUID: 11111111-1a57-103f-8c1b-4d2f3c9e7a01

        dn: cn=printer,ou=people,dc=example,dc=com
        objectClass: device
        cn: printer

        dn: cn=staff,ou=groups,dc=example,dc=com
        objectClass: groupOfUniqueNames
        cn: staff
        uniqueMember: uid=alice,ou=people,dc=example,dc=com#'01'B
        uniqueMember: cn=Smith\\, John,ou=people,dc=example,dc=com

        """

    func source(_ text: String, groups: Bool = true) throws -> LDIFSource {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-\(UUID().uuidString).ldif").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        files.append(path)
        return LDIFSource(name: "export", settings: LDIFSourceSettings(
            path: path,
            users: UserSchema(
                base: "OU=People,dc=example,dc=com",
                disabled: .attribute(name: "nsAccountLock", equals: "TRUE"), attributes: ["departmentNumber"]),
            groups: groups ? GroupSchema(base: "ou=groups,dc=example,dc=com") : nil))
    }

    @Test func readsUsersUnderTheBaseThatMatchTheFilter() async throws {
        let snapshot = try await source(Self.ldif).readSnapshot()
        #expect(snapshot.users.map(\.username) == ["alice", "jsmith"])
        let alice = snapshot.users[0]
        #expect(alice.id == "0b4b9a9e-1a57-103f-8c1b-4d2f3c9e7a01")
        #expect(alice.displayName == "Alice Ærøskøbing")
        #expect(alice.email == "alice@example.com")
        #expect(alice.disabled)
        #expect(alice.attributes == ["departmentnumber": ["4711"]])
        let smith = snapshot.users[1]
        #expect(smith.dn == "cn=Smith\\, John,ou=people,dc=example,dc=com")
        #expect(smith.id == "dn:cn=smith, john,ou=people,dc=example,dc=com")
        #expect(snapshot.warnings.count == 1)
        #expect(snapshot.warnings.first?.contains("1 users") == true)
    }

    @Test func readsGroups() async throws {
        let snapshot = try await source(Self.ldif).readSnapshot()
        #expect(snapshot.groups.count == 1)
        #expect(snapshot.groups.first?.name == "staff")
        #expect(snapshot.groups.first?.members == [
            "uid=alice,ou=people,dc=example,dc=com", "cn=Smith\\, John,ou=people,dc=example,dc=com",
        ])
    }

    @Test func parseErrorsNameFileAndLine() async throws {
        let bad = "dn: uid=a,ou=people,dc=example,dc=com\nobjectClass: inetOrgPerson\nthis line has no colon\n"
        let src = try source(bad)
        let error = await #expect(throws: SourceError.self) { try await src.readSnapshot() }
        #expect(error?.message.contains("\(src.settings.path):3:") == true)
    }

    @Test func changeRecordsAreRefused() async throws {
        let bad = "dn: uid=a,ou=people,dc=example,dc=com\nchangetype: modify\nreplace: cn\ncn: x\n"
        let src = try source(bad)
        let error = await #expect(throws: SourceError.self) { try await src.readSnapshot() }
        #expect(error?.message.contains(":2:") == true)
    }

    @Test func aMissingFileIsASourceError() async throws {
        let src = LDIFSource(name: "export", settings: LDIFSourceSettings(
            path: "/nonexistent/x.ldif", users: UserSchema(base: "dc=example,dc=com"), groups: nil))
        let error = await #expect(throws: SourceError.self) { try await src.readSnapshot() }
        #expect(error?.message.contains("/nonexistent/x.ldif") == true)
    }
}
