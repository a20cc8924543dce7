import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct RunTests {
    @Test func runsAreListedNewestFirstWithTheirOutcome() throws {
        let store = try StateStore.inMemory()
        let first = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        let summary = Plan(operations: [Fixtures.create("a"), Fixtures.create("b")]).summary
        let end = Fixtures.t0.addingTimeInterval(5)
        try store.finishRun(
            id: first, status: .partial, summary: summary, failures: 1, finishedAt: end, message: "1 failed")
        let second = try store.beginRun(trigger: "webhook", startedAt: end)

        let runs = try store.runs(limit: 10)
        #expect(runs.map(\.id) == [second, first])
        #expect(
            runs[1]
                == RunRecord(
                    id: first, trigger: "cli", status: .partial, startedAt: Fixtures.t0, finishedAt: end,
                    summary: summary,
                    failures: 1, message: "1 failed"))
        #expect(runs[0].status == .running)
        #expect(runs[0].summary == Fixtures.emptySummary)
        #expect(try store.runs(limit: 1).map(\.id) == [second])
        #expect(try store.run(id: first)?.summary.create == 2)
        #expect(try store.run(id: 999) == nil)
    }

    @Test func markInterruptedRunsOnlyTouchesRunningOnes() throws {
        let store = try StateStore.inMemory()
        let done = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        try store.finishRun(
            id: done, status: .succeeded, summary: Fixtures.emptySummary, failures: 0, finishedAt: Fixtures.t0,
            message: nil)
        let crashed = try store.beginRun(trigger: "schedule", startedAt: Fixtures.t0)
        // A run queued by a daemon (a trigger during a running sync).
        let emptySummary = try StoreJSON.encode(Fixtures.emptySummary)
        let queued = try store.write("test setup") { db in
            try db.execute(
                sql: "INSERT INTO runs (\"trigger\", status, started_at, summary) VALUES ('webhook', 'queued', ?, ?)",
                arguments: [Fixtures.t0, emptySummary])
            return db.lastInsertedRowID
        }

        let later = Fixtures.t0.addingTimeInterval(3600)
        #expect(try store.markInterruptedRuns(at: later) == [crashed])
        #expect(try store.run(id: crashed)?.status == .interrupted)
        #expect(try store.run(id: crashed)?.finishedAt == later)
        #expect(try store.run(id: done)?.status == .succeeded)
        #expect(try store.run(id: queued)?.status == .queued)
        #expect(try store.markInterruptedRuns(at: later).isEmpty)
    }

    @Test func finishingAnUnknownRunFails() throws {
        let store = try StateStore.inMemory()
        #expect(throws: StoreError.self) {
            try store.finishRun(
                id: 42, status: .failed, summary: Fixtures.emptySummary, failures: 0, finishedAt: Fixtures.t0,
                message: nil)
        }
    }

    @Test func runRecordEncodesWithContractKeys() throws {
        let record = RunRecord(
            id: 7, trigger: "cli", status: .succeeded, startedAt: Fixtures.t0, finishedAt: nil,
            summary: Fixtures.emptySummary, failures: 0, message: nil)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"started_at\""))
        #expect(json.contains("\"status\":\"succeeded\""))
    }

    @Test func aRowWithAStatusOrActionThisBinaryDoesNotKnowIsReportedNotGuessed() throws {
        let store = try StateStore.inMemory()
        let id = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        try store.write("test setup") { db in
            try db.execute(sql: "UPDATE runs SET status = 'paused' WHERE id = ?", arguments: [id])
            try db.execute(
                sql: "INSERT INTO audit (run_id, at, action, username, result) VALUES (?, ?, 'rename', 'alice', 'applied')",
                arguments: [id, Fixtures.t0])
        }
        #expect(throws: StoreError("state database: run \(id) has unknown status 'paused'")) { try store.run(id: id) }
        #expect(throws: StoreError("state database: audit row 1 has unknown action 'rename'")) {
            try store.auditRecords(runID: id)
        }
    }
}
