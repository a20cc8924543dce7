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

/// A new state database gets 16 KiB pages (set before WAL fixes the size), and keeps
/// them when opened again.
@Suite struct PageSizeTests {
    @Test func aNewDatabaseHasSixteenKiBPages() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        do {
            let store = try StateStore(path: path)
            _ = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
            #expect(try store.pageSize() == 16384)
        }
        #expect(try StateStore(path: path).pageSize() == 16384)
    }
}

/// Large tables are read in storage order and sorted in memory (`SQLiteCollationOrder.moveOut`, on
/// packed 16-byte prefixes); the result must be SQLite's own BINARY / NOCASE order.
@Suite struct StorageOrderTests {
    static func bytesPrecede(_ a: String, _ b: String, folding: Bool) -> Bool {
        func key(_ s: String) -> [UInt8] { s.utf8.map { folding && $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }
        return key(a).lexicographicallyPrecedes(key(b))
    }

    @Test func ledgerComesBackInByteOrder() throws {
        let identities = [
            "corp:aaaaaaaaaaaaaaaa1", "corp:aaaaaaaaaaaaaaaa0", "corp:aaaaaaaaaaaaaaaa", "corp:é", "corp:z", "corp:",
            "corp:A", "corp:a", "corp:a\u{1}", "b", "corp:\u{7f}", "corp:Zz", "scim:2",
        ]
        let store = try StateStore.inMemory()
        try store.updateLedger(identities.shuffled().map { LedgerEntry(identity: $0, accountKey: "k-\($0)") })
        let read = try store.readLedger()
        #expect(read.map(\.identity) == identities.sorted { Self.bytesPrecede($0, $1, folding: false) })
        #expect(read.allSatisfy { $0.accountKey == "k-\($0.identity)" })
    }

    @Test func accountsComeBackInNoCaseOrder() throws {
        let usernames = [
            "Bob", "alice", "ALICE2", "zoë", "Zed", "aaaaaaaaaaaaaaaaX", "AAAAAAAAAAAAAAAAb", "aaaaaaaaaaaaaaaa",
            "_x", "[y", "émile", "Émile", "a",
        ]
        let store = try StateStore.inMemory()
        for name in usernames.shuffled() {
            try store.insertUnmanagedAccount(
                Account(key: "k-\(name)", username: name, email: nil, displayName: nil, status: .active))
        }
        let read = try store.readAccounts()
        #expect(read.map(\.username) == usernames.sorted { Self.bytesPrecede($0, $1, folding: true) })
        #expect(read.allSatisfy { $0.key == "k-\($0.username)" })
    }
}
