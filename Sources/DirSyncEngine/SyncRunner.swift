import DirSyncCore
import DirSyncStore
import Foundation
import Logging

/// One sync: lock → read → plan → guard → apply → record.
///
/// The lock is taken before the sources are read and held until the last operation is
/// recorded, so two syncs can never plan against each other's half-applied state.
public struct SyncRunner: Sendable {
    public var workspace: Workspace
    /// Operations per transaction while applying.
    public var applyChunkSize: Int

    /// Operations per transaction by default: with SQLite's write-ahead log every commit
    /// rewrites each index page it touched, so smaller chunks write the same pages again
    /// and again (a first sync of 100k accounts: 1,000 per chunk 6.1 s, 5,000 4.4 s).
    /// A sync killed mid-apply loses at most one chunk, which the next sync redoes.
    public static let defaultApplyChunkSize = 5000

    /// Operations from which the output is rendered during the apply (`SyncRequest.render`).
    public var renderAheadMinimum: Int

    public init(
        workspace: Workspace, applyChunkSize: Int = SyncRunner.defaultApplyChunkSize, renderAheadMinimum: Int = 10_000
    ) {
        self.workspace = workspace
        self.applyChunkSize = max(1, applyChunkSize)
        self.renderAheadMinimum = renderAheadMinimum
    }

    public func run(_ request: SyncRequest, now: Date = Date()) async throws -> SyncOutcome {
        let settings = workspace.settings
        let logger = workspace.logger
        try ExistingState.requireStoreTarget(settings)
        let lock: StateLock
        do {
            lock = try StateLock.acquire(statePath: settings.statePath)
        } catch let held as StateLockHeld {
            throw DirSyncFailure(
                .locked,
                "another sync is running on \(settings.statePath) (\(held)); nothing was changed. Wait for it to finish and run again."
            )
        }
        defer { lock.release() }

        var stages = StageClock(logger: logger)
        let store: StateStore
        do {
            store = try StateStore(path: settings.statePath)
        } catch {
            throw DirSyncFailure(.readFailed, "could not open the state database \(settings.statePath): \(error)")
        }
        if !request.dryRun {
            let interrupted = try store.markInterruptedRuns(at: now)
            for id in interrupted {
                logger.warning("run \(id) was interrupted before it finished; this sync converges on its work")
            }
        }
        let runID = request.dryRun ? nil : try store.beginRun(trigger: request.trigger, startedAt: now)
        let finish = { (status: RunStatus, summary: Plan.Summary, failures: Int, message: String?) in
            if let runID {
                try store.finishRun(id: runID, status: status, summary: summary, failures: failures, finishedAt: Date(), message: message)
            }
        }
        let empty = Plan.Summary(counting: [])
        stages.lap("opened the state database and began the run")

        var world: World?
        var planning: Planning?
        do {
            (world, planning) = try await workspace.plan(now: now)
        } catch let failure as DirSyncFailure {
            try finish(.failed, empty, 0, failure.message)
            throw failure
        }
        let plan = planning!.plan
        let result = planning!.result
        let emptySources = world!.emptySources
        stages.lap("planned (since the run began)")

        if let saved = request.savedPlan, saved.operations != plan.operations {
            let message = "the directory or the accounts changed since the saved plan was made (it has \(saved.operations.count) operations, a fresh plan has \(plan.operations.count)); nothing was changed. Make and review a new plan with 'dirsync plan --out FILE'."
            try finish(.refused, plan.summary, 0, message)
            throw DirSyncFailure(.refused, message)
        }

        let verdict = SafetyGuard.check(
            plan: plan, managedCount: result.managedCount, safety: settings.safety, emptySources: emptySources
        )
        if case .refuse(let reasons) = verdict, !request.allowMassChanges {
            let message = (reasons + ["Nothing was changed."]).joined(separator: "\n")
            try finish(.refused, plan.summary, 0, message)
            throw DirSyncFailure(.refused, message)
        }
        if case .refuse(let reasons) = verdict {
            for reason in reasons { logger.warning("guard overridden by --allow-mass-changes: \(reason)") }
        }
        guard let runID else { return SyncOutcome(applied: plan, failures: [], runID: nil, world: world, planning: planning) }
        if plan.operations.count >= 10_000 {
            // A long apply ahead: free the directory and the decisions first. Peak memory of
            // a 100k first sync is what matters then, not the tenth of a second this takes.
            world = nil
            planning = nil
        }

        try store.removeLedgerEntries(identities: result.ledgerRemovals)
        try store.updateLedger(result.ledgerUpdates)
        let ordered = ApplyOrder.sorted(plan.operations)
        // Rendered while the apply writes (see `SyncRequest.render`): used only if every
        // operation applies, when the applied plan is exactly `ordered`.
        let warnings = plan.warnings
        let renderedAhead = request.render.flatMap { render in
            ordered.count >= renderAheadMinimum
                ? Task.detached { render(Plan(operations: ordered, warnings: warnings)) } : nil
        }
        var applied: [AccountOperation] = []
        var failures: [SyncFailureRecord] = []
        // Chunks of one transaction each: fast (one fsync per chunk), and a crash keeps every
        // committed chunk, which the next sync's plan simply no longer contains.
        func applyChunks(committed: () -> Void) throws {
            for start in stride(from: 0, to: ordered.count, by: applyChunkSize) {
                let chunk = Array(ordered[start..<min(start + applyChunkSize, ordered.count)])
                let results = try store.applyBatch(chunk, runID: runID, at: now)
                committed()
                for (op, result) in zip(chunk, results) {
                    switch result {
                    case .success: applied.append(op)
                    case .failure(let error):
                        failures.append(SyncFailureRecord(username: op.username, action: op.action.rawValue, error: error.description))
                        logger.error("\(op.action.rawValue) \(op.username) failed: \(error)")
                    }
                }
            }
        }
        if ordered.count > applyChunkSize {
            // Several transactions: their WAL checkpoints run on another core.
            try store.withBackgroundCheckpoints { try applyChunks(committed: $0) }
        } else {
            try applyChunks {}
        }
        let appliedPlan = Plan(operations: applied, warnings: plan.warnings)
        try finish(failures.isEmpty ? .succeeded : .partial, appliedPlan.summary, failures.count, nil)
        stages.lap("applied \(applied.count) operations and recorded the run")
        let rendered = failures.isEmpty ? await renderedAhead?.value : nil
        return SyncOutcome(
            applied: appliedPlan, failures: failures, runID: runID, world: world, planning: planning, rendered: rendered)
    }
}
