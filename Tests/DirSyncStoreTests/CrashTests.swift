import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

/// kill -9 in the middle of applying: the database holds whole batches only, and replaying
/// the same operations afterwards converges without duplicating anyone.
@Suite struct CrashTests {
    static let childPathVariable = "DIRSYNC_STORE_CRASH_CHILD_DB"
    static let batchSize = 50

    static func batch(_ number: Int) -> [AccountOperation] {
        (0..<batchSize).map { Fixtures.create("b\(number)u\($0)") }
    }

    /// Runs only in the child process the crash test starts; writes batches until killed.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[childPathVariable] != nil))
    func crashChildWriter() throws {
        let store = try StateStore(path: ProcessInfo.processInfo.environment[Self.childPathVariable]!)
        let run = try store.beginRun(trigger: "crash-child", startedAt: Fixtures.t0)
        for number in 0..<10_000 {
            _ = try store.applyBatch(Self.batch(number), runID: run, at: Fixtures.t0, chunkSize: 7)
            FileHandle.standardOutput.write(Data("committed batch \(number)\n".utf8))
        }
    }

    @Test func killDuringApplyLeavesWholeOperationsAndReplayDoesNotDuplicate() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path

        let child = Process()
        child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWriter"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childPathVariable: path]) { $1 }
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Wait (by reading, not sleeping) until a few batches are committed, then kill -9.
        var seen = ""
        while !seen.contains("committed batch 5\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(seen.contains("committed batch 5\n"), "the child wrote: \(seen.suffix(2000))")
        #expect(child.terminationReason == .uncaughtSignal)

        let store = try StateStore(path: path)
        let accounts = try store.rowCount("accounts")
        #expect(accounts >= 6 * Self.batchSize)
        #expect(accounts % Self.batchSize == 0)
        #expect(try store.rowCount("ledger") == accounts)
        #expect(try store.rowCount("audit") == accounts)
        #expect(try store.rowCount("account_projects") == accounts)
        #expect(try store.markInterruptedRuns(at: Fixtures.t0).count == 1)

        // Replay everything the child had been asked to do, and one batch more.
        let batches = accounts / Self.batchSize + 1
        let run = try store.beginRun(trigger: "replay", startedAt: Fixtures.t0)
        for number in 0..<batches {
            let results = try store.applyBatch(Self.batch(number), runID: run, at: Fixtures.t0)
            #expect(results.allSatisfy { (try? $0.get()) != nil })
        }
        #expect(try store.rowCount("accounts") == batches * Self.batchSize)
        #expect(try store.rowCount("ledger") == batches * Self.batchSize)
        #expect(Set(try store.readAccounts().map(\.username)).count == batches * Self.batchSize)
    }
}
