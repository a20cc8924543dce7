import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct PersistenceTests {
    @Test func reopeningAFileKeepsEverything() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path

        var accounts: [Account] = []
        var run: Int64 = 0
        do {
            let store = try StateStore(path: path)
            run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
            try store.apply(Fixtures.create("alice", tags: ["US"]), runID: run, at: Fixtures.t0)
            accounts = try store.readAccounts()
        }
        let reopened = try StateStore(path: path)
        #expect(try reopened.readAccounts() == accounts)
        #expect(try reopened.readLedger().count == 1)
        #expect(try reopened.runs(limit: 5).map(\.id) == [run])
        #expect(try reopened.auditRecords(runID: run).count == 1)
    }

    @Test func aMissingFolderIsNamedInTheError() throws {
        let error = try #require(throws: StoreError.self) {
            try StateStore(path: "/nonexistent-dirsync-folder/state.sqlite")
        }
        #expect(error.message.contains("/nonexistent-dirsync-folder"))
        #expect(error.message.contains("create it"))
    }

    @Test func aFileThatIsNotADatabaseIsRefusedWithAHint() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try StateStore(path: path) }
        #expect(error.message.contains(path))
    }
}
