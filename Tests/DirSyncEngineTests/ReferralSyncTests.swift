import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// A referral under the users' base hides people on another server; a sync that treated the
/// read as complete would deactivate them. It fails with exit 2 instead, and changes nothing.
@Suite(.serialized)
struct ReferralSyncTests {
    static let referralURL = "ldap://ldap.elsewhere.example/ou=people,dc=elsewhere,dc=com"

    /// `ldapmodify -M` (ManageDsaIT): without it slapd would treat the referral object as a
    /// referral instead of an entry to add.
    func addReferral(_ fixture: EngineFixture) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldapmodify")
        process.arguments = ["-M", "-x", "-H", fixture.slapd.url, "-D", fixture.slapd.rootDN, "-w", fixture.slapd.rootPassword]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("""
            dn: ou=elsewhere,ou=people,dc=example,dc=com
            changetype: add
            objectClass: referral
            objectClass: extensibleObject
            ou: elsewhere
            ref: \(Self.referralURL)

            """.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aReferralUnderTheUsersBaseExitsWith2NamingItAndChangesNothing() async throws {
        let fixture = try EngineFixture(fillers: 10)
        try await fixture.sync()
        let accounts = try fixture.accounts()
        let ledger = try StateStore(path: fixture.statePath).readLedger()

        try addReferral(fixture)
        do {
            try await fixture.sync()
            Issue.record("expected the read to fail")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .readFailed)
            #expect(failure.message.contains(Self.referralURL))
        }
        #expect(try fixture.accounts() == accounts)
        let store = try StateStore(path: fixture.statePath)
        #expect(try store.readLedger() == ledger)
        let last = try #require(try store.runs(limit: 1).first)
        #expect(last.status == .failed)
        #expect(last.summary == Plan.Summary(counting: []))
        #expect(try store.auditRecords(runID: last.id).isEmpty)
    }
}
