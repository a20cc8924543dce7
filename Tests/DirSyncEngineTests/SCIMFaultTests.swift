import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Testing

/// A storm of 429s, 503s, dropped connections and lost responses between dirsync and a
/// real scim2-server: retries and lookups converge with nothing lost and nothing twice.
@Suite(.serialized) struct SCIMFaultTests {
    static let storm: [SCIMFaultProxy.Fault] = [
        .init(.loseResponse, every: 4, methods: ["POST"], limit: 8),
        .init(.loseResponse, every: 5, methods: ["PATCH", "DELETE"], limit: 8),
        .init(.tooManyRequests, every: 6, limit: 10, retryAfter: "0"),
        .init(.serviceUnavailable, every: 7, limit: 8, retryAfter: nil),
        .init(.dropConnection, every: 9, limit: 6),
    ]

    /// With `/Bulk` (scim2-server offers it) and without (one request per User write).
    @Test(arguments: [true, false])
    func aStormOfFaultsEndsWithTheExactAccountsAndNothingTwice(bulk: Bool) async throws {
        let peer = try SCIMPeer(fillers: 30, bulk: bulk, deleteAfter: "0")
        let proxy = try SCIMFaultProxy.start(upstream: peer.server, faults: Self.storm)
        defer { proxy.stop() }
        peer.url = proxy.baseURL
        let planned = try await peer.plan()

        let first = try await peer.sync()
        #expect(first.failures.isEmpty, "\(first.failures)")
        let users = try peer.users()
        #expect(Set(users.keys) == Set(planned.operations.map(\.username)))
        #expect(users.count == planned.operations.count)  // userName is unique, but count anyway
        #expect(try peer.groupCount(named: "apollo:all") == 1)
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob"])
        #expect(try await peer.plan().operations.isEmpty)

        // Leavers and a mover, through the same storm.
        try peer.fixture.slapd.delete(dn: EngineFixture.dn("bob"))
        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("alice"))
            changetype: modify
            add: nsAccountLock
            nsAccountLock: TRUE
            -

            dn: cn=proj-apollo-ro,ou=groups,dc=example,dc=com
            changetype: modify
            add: member
            member: \(EngineFixture.dn("frank"))
            -

            """)
        let second = try await peer.sync(SyncRequest(allowMassChanges: true))
        #expect(second.failures.isEmpty, "\(second.failures)")
        let after = try peer.users()
        #expect(after["bob"] == nil)
        #expect(after["alice"]?.active == false)
        #expect(try peer.groups()["apollo:all"] == [])
        #expect(try peer.groups()["apollo:read-only"] == ["frank"])
        #expect(try peer.groupCount(named: "apollo:read-only") == 1)
        #expect(try await peer.plan().operations.isEmpty)

        let bulkRequests = proxy.entries().filter { $0.path.hasSuffix("/Bulk") }.count
        #expect(bulk ? bulkRequests > 0 : bulkRequests == 0)
        for kind in SCIMFaultProxy.Fault.Kind.allCases {
            #expect(proxy.injected(kind) > 0, "no \(kind) fault was injected")
        }
    }

    /// A lost answer to a Bulk request of many creates: the Users it made are found by one
    /// read of `/Users` and recorded as the creates, none sent twice.
    @Test func aLostBulkAnswerIsResolvedByOneRead() async throws {
        let peer = try SCIMPeer(fillers: 80)
        let proxy = try SCIMFaultProxy.start(upstream: peer.server, faults: [.init(.loseResponse, every: 1000, methods: ["POST"], limit: 1)])
        defer { proxy.stop() }
        peer.url = proxy.baseURL
        let planned = try await peer.plan()
        #expect(planned.operations.count > 50)
        let outcome = try await peer.sync()
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(outcome.applied.summary.create == planned.operations.count)
        #expect(proxy.injected(.loseResponse) == 1)
        #expect(proxy.entries().first { $0.method == "POST" }?.path.hasSuffix("/Bulk") == true)
        // One read of /Users, not a search per create.
        #expect(!proxy.entries().contains { $0.path.contains("filter=externalId") })
        let users = try peer.users()
        #expect(Set(users.keys) == Set(planned.operations.map(\.username)))
        #expect(try peer.server.all("Users").count == planned.operations.count)
        #expect(try await peer.plan().operations.isEmpty)
    }
}
