import DirSyncCore
import DirSyncEngine
import Foundation
import Testing

/// A mapping mistake that strips a role from many accounts is refused like a mass
/// deactivation: nothing changes until an operator overrides the guard.
@Suite(.serialized)
struct AccessRemovalGuardEngineTests {
    static let fillersGetStaff = EngineFixture.mapping.replacingOccurrences(
        of: "when: { group: group0000 }\n    roles: [viewer]", with: "when: { group: group0000 }\n    roles: [staff]")

    func writeMapping(_ fixture: EngineFixture, _ text: String) throws {
        try text.write(to: fixture.dir.appendingPathComponent("mappings/10-main.yaml"), atomically: true, encoding: .utf8)
    }

    @Test func aMappingChangeThatRemovesARoleFromManyAccountsIsRefusedUntilOverridden() async throws {
        #expect(Self.fillersGetStaff != EngineFixture.mapping)
        let fixture = try EngineFixture(fillers: 20)
        try writeMapping(fixture, Self.fillersGetStaff)
        try await fixture.sync()
        let before = try fixture.accounts()
        #expect(before.filter { $0.username.hasPrefix("user") && $0.roles.contains("staff") }.count == 20)

        try writeMapping(fixture, EngineFixture.mapping)  // the rule now grants viewer: staff goes from 20 accounts
        do {
            try await fixture.sync()
            Issue.record("expected the access-removal guard to refuse")
        } catch let failure as DirSyncFailure {
            #expect(failure.code == .refused)
            #expect(failure.message.contains("removes a role or project membership from 20 of"))
            #expect(failure.message.contains("over max_access_removals 10% (allows 5)"))
            #expect(failure.message.contains("--allow-mass-changes"))
        }
        #expect(try fixture.accounts() == before)

        let forced = try await fixture.sync(SyncRequest(allowMassChanges: true))
        #expect(forced.applied.summary.update == 20)
        #expect(try fixture.accounts().filter { $0.roles.contains("staff") && $0.username.hasPrefix("user") }.isEmpty)
    }

    @Test func aHigherLimitLetsTheSameChangeThrough() async throws {
        let fixture = try EngineFixture(fillers: 20, safety: "safety: { max_access_removals: 20 }")
        try writeMapping(fixture, Self.fillersGetStaff)
        try await fixture.sync()
        try writeMapping(fixture, EngineFixture.mapping)
        #expect(try await fixture.sync().applied.summary.update == 20)
    }
}
