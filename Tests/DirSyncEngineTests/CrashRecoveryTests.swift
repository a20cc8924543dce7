import DirSyncCore
import DirSyncEngine
import DirSyncStore
import DirSyncTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real `kill -9` of a running `dirsync sync` process, then a converging resync.
@Suite(.serialized)
struct CrashRecoveryTests {
    @Test func killNineMidApplyThenResyncConverges() async throws {
        let fixture = try EngineFixture(fillers: 3000)
        let total = 3008
        let errorLog = fixture.dir.appendingPathComponent("sync.stderr")
        let process = try Self.startSync(fixture, chunk: 20, errorLog: errorLog)

        // Wait for the first committed chunk (an observable condition, bounded), then kill.
        var applied = 0
        for _ in 0..<20_000 where process.isRunning {
            applied = Self.committedCreates(fixture.statePath)
            if applied > 0 { break }
            usleep(1_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let childErrors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
        #expect(process.terminationReason == .uncaughtSignal, "dirsync ended on its own: \(childErrors)")
        let afterKill = Self.committedCreates(fixture.statePath)
        #expect(afterKill > 0)
        #expect(afterKill < total)

        let resumed = try await fixture.sync()
        #expect(resumed.applied.summary.create == total - afterKill)
        let accounts = try fixture.accounts()
        #expect(accounts.count == total)
        #expect(Set(accounts.map(\.username)).count == total)
        #expect(try await fixture.plan().isEmpty)

        let store = try StateStore(path: fixture.statePath)
        let runs = try store.runs(limit: 10)
        #expect(runs.map(\.status) == [.succeeded, .interrupted])
    }

    /// Starts `dirsync sync` on the fixture's config as a child, `chunk` operations per
    /// chunk, stderr to `errorLog` (or nowhere).
    static func startSync(_ fixture: EngineFixture, chunk: Int, errorLog: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DirSyncExecutable.path())
        process.arguments = ["sync", "--config", fixture.configPath]
        var environment = ProcessInfo.processInfo.environment
        environment["DIRSYNC_APPLY_CHUNK"] = String(chunk)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        if let errorLog {
            _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errorLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Audited creates committed so far, read as a separate connection (WAL lets a reader in).
    static func committedCreates(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path), let store = try? StateStore(path: path),
            let runs = try? store.runs(limit: 1), let run = runs.first,
            let records = try? store.auditRecords(runID: run.id)
        else { return 0 }
        return records.filter { $0.action == .create && $0.result == "applied" }.count
    }
}

struct CrashTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
