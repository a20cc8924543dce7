import DirSyncEngine
import Foundation
import Testing

/// After a real sync the state database, its WAL/SHM files and its lock file are `0600`.
@Suite(.serialized)
struct StateFileModeTests {
    @Test func aSyncLeavesEveryStateFileReadableByItsOwnerOnly() async throws {
        let fixture = try EngineFixture(fillers: 3)
        try await fixture.sync()
        let state = fixture.statePath
        var checked = 0
        for path in [state, state + "-wal", state + "-shm", state + ".lock"] where FileManager.default.fileExists(atPath: path) {
            let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
            #expect(mode == 0o600, "\(path) has mode \(String(mode, radix: 8))")
            checked += 1
        }
        #expect(checked >= 2)  // the database and its lock file at least
    }
}
