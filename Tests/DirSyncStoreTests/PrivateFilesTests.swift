import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

/// The state database holds emails, names and the audit log: it, its WAL and shared-memory
/// files and its lock file are readable by their owner only, whatever the umask.
@Suite struct PrivateFilesTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func aNewStateDatabaseAndItsCompanionsAre0600() throws {
        // Under the usual umask (022, set here in case the runner's is stricter) SQLite's own
        // default would leave them world-readable (0644).
        let previous = umask(0o022)
        defer { umask(previous) }
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path

        let lock = try StateLock.acquire(statePath: state)
        let store = try StateStore(path: state)
        try store.updateLedger([LedgerEntry(identity: "corp:a", accountKey: "a")])
        for path in [state, state + "-wal", state + "-shm", state + ".lock"] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            #expect(try Self.mode(path) == 0o600, "\(path)")
        }
        lock.release()
    }

    @Test func anExistingDatabaseKeepsTheModeItsOwnerChose() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state.sqlite").path
        _ = try StateStore(path: state)
        #expect(chmod(state, 0o640) == 0)
        _ = try StateStore(path: state)
        #expect(try Self.mode(state) == 0o640)
    }
}
