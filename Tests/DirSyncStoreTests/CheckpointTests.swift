import DirSyncCore
import Foundation
import GRDB
import Testing

@testable import DirSyncStore

/// Background checkpoints copy committed transactions into the database file itself while
/// the writer goes on (`BackgroundCheckpoint`).
@Suite struct CheckpointTests {
    /// Accounts in the main database file alone: a copy of it without its WAL.
    private func accountsInMainFile(_ path: String, _ folder: URL) throws -> Int {
        let copy = folder.appendingPathComponent("main-only-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return try DatabaseQueue(path: copy).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM accounts") ?? -1 }
    }

    private func creates(_ range: Range<Int>) -> [AccountOperation] {
        range.map { Fixtures.create(String(format: "user%04d", $0)) }
    }

    @Test func everyCommitReachesTheDatabaseFileAndTheWriterGetsItsCheckpointsBack() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let store = try StateStore(path: path)
        let run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        try store.withBackgroundCheckpoints { committed in
            for chunk in 0..<6 {
                _ = try store.applyBatch(creates(chunk * 50..<(chunk + 1) * 50), runID: run, at: Fixtures.t0)
                committed()
            }
        }
        // 300 small accounts are far below the writer's own 1,000-page checkpoint: only
        // the background checkpoints can have copied them into the file.
        #expect(try accountsInMainFile(path, folder) == 300)
        #expect(try store.read("the checkpoint setting") { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1000)
    }

    @Test(arguments: [(1, 1), (1 << 30, 0)])
    func aWALPastItsLimitMakesTheWriterWaitForTheCheckpoint(limit: Int, waits: Int) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let store = try StateStore(path: path)
        let run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        let checkpoint = try BackgroundCheckpoint(path: path, walLimitBytes: limit)
        try store.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }

        _ = try store.applyBatch(creates(0..<50), runID: run, at: Fixtures.t0)
        checkpoint.committed()
        checkpoint.finish()  // the first checkpoint has measured the WAL
        _ = try store.applyBatch(creates(50..<100), runID: run, at: Fixtures.t0)
        checkpoint.committed()  // past a 1-byte limit: waits for the checkpoint
        #expect(checkpoint.waits == waits)
        checkpoint.finish()
        #expect(try accountsInMainFile(path, folder) == 100)
    }
}
