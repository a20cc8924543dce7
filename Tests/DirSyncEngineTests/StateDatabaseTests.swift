import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// How each command treats the state database: the read-only commands never write it, and a
/// sync that cannot write it changes nothing and says so with exit 2, never 1.
@Suite(.serialized)
struct StateDatabaseTests {
    /// Every file of the state database (main file, WAL, shared memory) and its bytes.
    private func files(_ fixture: EngineFixture) throws -> [String: Data] {
        var found: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.dir.path)
        where name.hasPrefix("dirsync.sqlite") && !name.hasSuffix("-shm") {
            found[name] = try Data(contentsOf: fixture.dir.appendingPathComponent(name))
        }
        return found
    }

    private func readOnlyCommands(_ fixture: EngineFixture) async throws {
        let workspace = try fixture.workspace()
        let (world, planning) = try await workspace.plan()
        #expect(Explainer.explain(
            query: "alice", index: world.index, engine: planning.engine, accounts: world.accounts, ledger: world.ledger,
            plan: planning.plan) != nil)
        _ = try await AccountListing.list(workspace)
        _ = try HistoryReader.read(workspace.settings, limit: 10)
    }

    @Test func planExplainAccountsAndHistoryLeaveTheStateDatabaseAsItWas() async throws {
        let fixture = try EngineFixture()
        try await fixture.sync()
        let before = try files(fixture)
        #expect(before["dirsync.sqlite"] != nil)
        try await readOnlyCommands(fixture)
        var after = try files(fixture)
        // SQLite's read-only mode may leave an empty WAL beside a database that had none
        // (it needs one to read a WAL database); it never writes into it.
        if before["dirsync.sqlite-wal"] == nil, after["dirsync.sqlite-wal"]?.isEmpty == true {
            after["dirsync.sqlite-wal"] = nil
        }
        #expect(after == before)
    }

    @Test func readOnlyCommandsCreateNoStateDatabase() async throws {
        let fixture = try EngineFixture()
        try await readOnlyCommands(fixture)
        #expect(try files(fixture).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath + "-shm"))
    }

    @Test func aStateDatabaseThatCannotBeWrittenIsExit2AndNoRunIsLeftRunning() async throws {
        let fixture = try EngineFixture()
        try await fixture.sync()
        let accounts = try fixture.accounts()
        // chattr +i stops even root (the tests may run as root, where chmod does not).
        try chattr("+i", fixture.statePath)
        defer { try? chattr("-i", fixture.statePath) }
        let failure = await #expect(throws: DirSyncFailure.self) { try await fixture.sync() }
        #expect(failure?.code == .readFailed)
        #expect(failure?.message.contains("Nothing was changed") == true)
        try chattr("-i", fixture.statePath)
        #expect(try fixture.accounts() == accounts)
        let runs = try HistoryReader.read(try fixture.workspace().settings, limit: 10).map(\.run.status)
        #expect(!runs.contains(.running))
    }

    private func chattr(_ flag: String, _ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chattr \(flag) \(path)")
    }
}
