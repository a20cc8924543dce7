import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Testing

/// The SCIM target against a real scim2-server, pages capped below the data size.
@Suite(.serialized) struct SCIMTargetTests {
    @Test func firstSyncProvisionsUsersRolesAndProjectGroupsAndASecondPlanIsEmpty() async throws {
        let peer = try SCIMPeer()
        let planned = try await peer.plan()
        let outcome = try await peer.sync()
        #expect(outcome.failures.isEmpty)
        let users = try peer.users()
        #expect(Set(users.keys) == Set(planned.operations.map(\.username)))
        let alice = try #require(users["alice"])
        #expect(alice.roles == ["admin", "editor", "viewer"])
        #expect(alice.entitlements == ["COUNTRY_US"])
        #expect(alice.email == "alice@example.com")
        #expect(alice.externalId?.hasPrefix("corp:") == true)
        #expect(users["lena"] == nil)  // locked in the directory: out of scope
        let groups = try peer.groups()
        #expect(groups["apollo:all"] == ["alice", "bob"])
        #expect(groups["apollo:read-only"] == nil)  // alice's all wins
        let writes = peer.server.writeRequestCount()
        #expect(try await peer.plan().operations.isEmpty)
        try await peer.sync()
        #expect(peer.server.writeRequestCount() == writes)
    }
}
