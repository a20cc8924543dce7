import DirSyncCore
import Foundation
import GRDB
import Testing

@testable import DirSyncStore

/// The read-only commands' way in: SQLite's read-only mode, no migration, nothing written.
@Suite struct ReadOnlyTests {
    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func readingLeavesTheFileAsItWas() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        do {
            let store = try StateStore(path: path)
            let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
            try store.apply(Fixtures.create("alice"), runID: run, at: Fixtures.t0)
        }
        let before = try bytes(path)
        let reader = try StateStore.openReadOnly(path: path)
        #expect(try reader.readAccounts().map(\.username) == ["alice"])
        #expect(try reader.readLedger().count == 1)
        #expect(try reader.runs(limit: 5).count == 1)
        #expect(try bytes(path) == before)
        // And it cannot write, whatever a caller tries.
        #expect(throws: (any Error).self) { try reader.beginRun(trigger: "test", startedAt: Fixtures.t0) }
        #expect(try bytes(path) == before)
    }

    @Test func anOlderSchemaIsRefusedWithWhatToDoAndLeftAlone() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try StateStoreMigrations.migrator.migrate(queue, upTo: "v1")
        }
        let before = try bytes(path)
        let error = try #require(throws: StoreError.self) { try StateStore.openReadOnly(path: path) }
        #expect(error.message.contains("older schema"))
        #expect(error.message.contains("dirsync sync"))
        #expect(try bytes(path) == before)
        // A read-write open (what a sync does, under the lock) upgrades it.
        _ = try StateStore(path: path)
        #expect(try StateStore.openReadOnly(path: path).readAccounts().isEmpty)
    }
}
