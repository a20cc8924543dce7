import DirSyncCore
import DirSyncEngine
import DirSyncStore
import DirSyncTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of a `dirsync sync` pushing into a real scim2-server, twice, then a sync:
/// the application ends with exactly the planned accounts, none twice.
@Suite(.serialized)
struct SCIMCrashRecoveryTests {
    @Test func twoKillNinesMidApplyThenASyncConverge() async throws {
        let peer = try SCIMPeer(fillers: 600)
        let config = try String(contentsOfFile: peer.fixture.configPath, encoding: .utf8)
        try (config + """

            target:
              type: scim
              url: \(peer.server.baseURL)
              token_file: \(peer.server.tokenFile)
            """).write(toFile: peer.fixture.configPath, atomically: true, encoding: .utf8)
        let planned = try await peer.plan()
        let total = planned.operations.count
        #expect(total > 600)

        for kill in 1...2 {
            let writesBefore = peer.server.writeRequestCount()
            let process = try CrashRecoveryTests.startSync(peer.fixture, chunk: 25)
            // Wait until the application has taken some writes of this run (bounded), then kill.
            for _ in 0..<30_000 where process.isRunning {
                if peer.server.writeRequestCount() >= writesBefore + 8 { break }
                usleep(1_000)
            }
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "kill \(kill): dirsync ended on its own")
        }
        let usersAfterKills = try peer.users().count
        #expect(usersAfterKills > 0)
        #expect(usersAfterKills < total)

        let resumed = try await peer.sync()
        #expect(resumed.failures.isEmpty)
        let users = try peer.users()
        #expect(users.count == total)
        #expect(Set(users.keys) == Set(planned.operations.map(\.username)))
        #expect(try peer.groupCount(named: "apollo:all") == 1)
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob"])
        #expect(try await peer.plan().operations.isEmpty)
        // Whatever a killed run created but never recorded was taken over, never made again.
        let store = try StateStore(path: peer.fixture.statePath)
        #expect(try store.readLedger().count == total)
    }
}
