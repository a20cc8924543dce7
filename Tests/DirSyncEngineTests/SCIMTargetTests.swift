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

extension SCIMTargetTests {
    /// A target that cannot be read completely is exit 2 and nothing is changed.
    @Test func anUnreadableTargetChangesNothing() async throws {
        let peer = try SCIMPeer()
        peer.url = "http://127.0.0.1:1/v2"
        let error = await #expect(throws: DirSyncFailure.self) { try await peer.sync() }
        #expect(error?.code == .readFailed)
        #expect(try peer.server.all("Users").isEmpty)
    }

    /// The bearer token is required by this server: a wrong one is refused with a message
    /// that says what to check, and never appears in it.
    @Test func aWrongTokenIsExplainedAndNeverShown() async throws {
        let peer = try SCIMPeer()
        var workspace = try peer.workspace()
        guard case .scim(var scim) = workspace.settings.target else { return }
        scim.connection.token = Secret("wrong-token-123")
        workspace.settings.target = .scim(scim)
        let error = await #expect(throws: DirSyncFailure.self) { try await workspace.plan() }
        #expect(error?.code == .readFailed)
        #expect(error?.message.contains("401") == true)
        #expect(error?.message.contains("token") == true)
        #expect(error?.message.contains("wrong-token-123") == false)
    }
}

extension SCIMTargetTests {
    /// A chunk over HTTP takes long, so between chunk reports the sync reports how many of
    /// the chunk's writes the application has answered: rising, and reaching the chunk's
    /// size before the chunk is recorded. One request per User or `/Bulk`, alike.
    @Test(arguments: [false, true]) func progressMovesWithinAChunk(bulk: Bool) async throws {
        let peer = try SCIMPeer(fillers: 30, bulk: bulk)
        let recorder = SyncEventTests.Recorder()
        let outcome = try await SyncRunner(workspace: peer.workspace()).run(SyncRequest(), events: recorder.handler)
        #expect(outcome.failures.isEmpty)
        let total = outcome.applied.operations.count
        var progressed: [Int] = []
        var chunks = 0
        for event in recorder.all {
            switch event {
            case .progressed(let done, let of):
                #expect(chunks == 0 && of == total)
                progressed.append(done)
            case .applied: chunks += 1
            default: break
            }
        }
        #expect(chunks == 1)
        #expect(!progressed.isEmpty && progressed == progressed.sorted() && Set(progressed).count == progressed.count)
        #expect(progressed.last == total, "\(progressed)")
    }
}
