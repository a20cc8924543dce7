import DirSyncCore
import Foundation
import GRDB

extension StateStore {
    /// Starts a run record with status "running"; returns its id.
    public func beginRun(trigger: String, startedAt: Date) throws -> Int64 {
        try insertRun(trigger: trigger, status: .running, at: startedAt)
    }

    /// Records a run the daemon will start later (a trigger during a running sync); its
    /// `startedAt` is the queueing time until `startRun` sets it.
    public func queueRun(trigger: String, queuedAt: Date) throws -> Int64 {
        try insertRun(trigger: trigger, status: .queued, at: queuedAt)
    }

    /// Moves a queued run to "running".
    public func startRun(id: Int64, startedAt: Date) throws {
        try write("starting run \(id)") { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, started_at = ? WHERE id = ?",
                arguments: [RunStatus.running.rawValue, startedAt, id])
            guard db.changesCount == 1 else { throw StoreError("state database: there is no run \(id) to start") }
        }
    }

    public func finishRun(
        id: Int64, status: RunStatus, summary: Plan.Summary, failures: Int, finishedAt: Date, message: String?
    ) throws {
        let summaryJSON = try StoreJSON.encode(summary)
        try write("finishing run \(id)") { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, summary = ?, failures = ?, finished_at = ?, message = ? WHERE id = ?",
                arguments: [status.rawValue, summaryJSON, failures, finishedAt, message, id])
            guard db.changesCount == 1 else { throw StoreError("state database: there is no run \(id) to finish") }
        }
    }

    /// Marks runs left "running" by a crashed process as "interrupted"; returns their ids.
    /// Call it holding the `StateLock`: only the lock holder can be running a sync, so any
    /// other "running" run is dead. Queued runs are left alone: a live daemon may own them.
    @discardableResult
    public func markInterruptedRuns(at: Date) throws -> [Int64] {
        try write("marking interrupted runs") { db in
            let ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM runs WHERE status = ? ORDER BY id", arguments: [RunStatus.running.rawValue])
            try db.execute(
                sql: "UPDATE runs SET status = ?, finished_at = ?, message = COALESCE(message, ?) WHERE status = ?",
                arguments: [
                    RunStatus.interrupted.rawValue, at, "the process running this sync stopped before it finished",
                    RunStatus.running.rawValue,
                ])
            return ids
        }
    }

    /// The latest runs, newest first.
    public func runs(limit: Int) throws -> [RunRecord] {
        try read("runs") { db in
            try RunRecord.order(RunRecord.Columns.id.desc).limit(max(0, limit)).fetchAll(db)
        }
    }

    /// One run, or nil when there is no such id.
    public func run(id: Int64) throws -> RunRecord? {
        try read("run \(id)") { db in try RunRecord.fetchOne(db, key: id) }
    }

    /// A run's audit lines in the order they were written.
    public func auditRecords(runID: Int64) throws -> [AuditRecord] {
        try read("the audit log of run \(runID)") { db in
            try AuditRecord.filter(AuditRecord.Columns.runID == runID).order(AuditRecord.Columns.id).fetchAll(db)
        }
    }

    private func insertRun(trigger: String, status: RunStatus, at: Date) throws -> Int64 {
        let summaryJSON = try StoreJSON.encode(Plan.Summary(counting: []))
        return try write("starting a run") { db in
            try db.execute(
                sql: "INSERT INTO runs (\"trigger\", status, started_at, finished_at, summary, failures, message) VALUES (?, ?, ?, NULL, ?, 0, NULL)",
                arguments: [trigger, status.rawValue, at, summaryJSON])
            return db.lastInsertedRowID
        }
    }
}
