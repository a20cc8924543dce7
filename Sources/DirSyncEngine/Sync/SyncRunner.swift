import DirSyncCore
import DirSyncStore
import Foundation
import Logging

/// One sync: lock → read → merge → map → plan → guard → apply → record.
///
/// The lock is taken before the sources are read and held until the last operation is
/// recorded, so two syncs can never plan against each other's half-applied state. The
/// state database is opened once, under the lock; the target is reached only through
/// `AccountTarget`. Progress is reported as `SyncEvent`s; failures end in a
/// `DirSyncFailure` carrying the contract's exit code, with the run finished first.
public struct SyncRunner: Sendable {
    public var workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public func run(
        _ request: SyncRequest, now: Date = Date(), events: @escaping SyncEventHandler = { _ in }
    ) async throws -> SyncOutcome {
        let settings = workspace.settings
        let lock = try StateLockTaking.take(settings)
        defer { lock.release() }

        let state = try StateDatabase.openForSync(settings)
        let target = try TargetFactory.make(workspace, state: state)
        let recorder = try RunRecorder.begin(request, state: state, now: now, logger: workspace.logger)
        events(.started(runID: recorder.runID, trigger: request.trigger))

        let tally = TargetApply.Tally()
        do {
            let outcome = try await plannedAndApplied(
                request, state: state, target: target, recorder: recorder, now: now, tally: tally, events: events)
            events(
                .finished(
                    runID: outcome.runID, status: outcome.runID == nil ? nil : outcome.status,
                    summary: outcome.applied.summary, failures: outcome.failures.count, message: nil))
            return outcome
        } catch {
            throw Self.ended(by: error, recorder: recorder, tally: tally, logger: workspace.logger, events: events)
        }
    }

    /// Plan, guard, apply, record; `tally` holds what was applied if this throws mid-way.
    private func plannedAndApplied(
        _ request: SyncRequest, state: StateStore, target: any AccountTarget, recorder: RunRecorder, now: Date,
        tally: TargetApply.Tally, events: @escaping SyncEventHandler
    ) async throws -> SyncOutcome {
        var stages = StageClock(logger: workspace.logger)
        let world = try await workspace.readWorld(target: target, state: state)
        events(.read(people: world.index.people.count, accounts: world.accounts.count))
        let planning = workspace.plan(world, now: now)
        let plan = request.limit(planning.plan)
        let result = planning.result
        events(.planned(plan))
        stages.lap("planned (since the run began)")

        if let mismatch = PlanGuards.savedPlanMismatch(request.savedPlan, fresh: plan) {
            try refuse([mismatch], plan: plan, recorder: recorder, events: events)
        }
        let refusals = PlanGuards.safetyRefusals(plan, planning: planning, world: world, settings: workspace.settings)
        if !refusals.isEmpty {
            guard request.allowMassChanges else {
                try refuse(refusals + ["Nothing was changed."], plan: plan, recorder: recorder, events: events)
            }
            for reason in refusals { workspace.logger.warning("guard overridden by --allow-mass-changes: \(reason)") }
            events(.refused(reasons: refusals, overridden: true))
        }
        // The directory and the decisions are not needed past this point. Before an apply
        // they are freed here, making room for what the apply builds (freed beside it, they
        // raised its peak memory and competed for its cores); with nothing to apply, on the
        // other core while the run is recorded.
        if recorder.runID != nil, !plan.operations.isEmpty {
            _ = consume world
            _ = consume planning
        } else {
            BackgroundRelease.release(consume world)
            BackgroundRelease.release(consume planning)
        }
        guard let runID = recorder.runID else { return SyncOutcome(applied: plan, failures: [], runID: nil) }

        // Bookkeeping the plan calls for beside its operations (identities gone or back).
        try state.removeLedgerEntries(identities: result.ledgerRemovals)
        try state.updateLedger(result.ledgerUpdates)
        let apply = TargetApply(target: target, journal: state, run: ApplyRun(id: runID, at: now), events: events)
        try await apply.apply(ApplyOrder.sorted(plan.operations), into: tally)

        let outcome = SyncOutcome(
            applied: Plan(operations: tally.applied, warnings: plan.warnings), failures: tally.failures, runID: runID)
        try recorder.finish(
            outcome.status, summary: outcome.applied.summary, failures: outcome.failures.count, message: nil)
        stages.lap("applied \(tally.applied.count) operations and recorded the run")
        return outcome
    }

    private func refuse(_ reasons: [String], plan: Plan, recorder: RunRecorder, events: SyncEventHandler) throws -> Never {
        let message = reasons.joined(separator: "\n")
        events(.refused(reasons: reasons, overridden: false))
        try recorder.finish(.refused, summary: plan.summary, failures: 0, message: message)
        events(.finished(runID: recorder.runID, status: .refused, summary: plan.summary, failures: 0, message: message))
        throw DirSyncFailure(.refused, message)
    }

    /// The failure a sync ends with, after finishing its run as `failed` (a refusal has
    /// already finished it). A state-database error is never exit 1: 2 while nothing was
    /// changed, 4 once something was.
    private static func ended(
        by error: any Error, recorder: RunRecorder, tally: TargetApply.Tally, logger: Logger,
        events: SyncEventHandler
    ) -> DirSyncFailure {
        if let failure = error as? DirSyncFailure, failure.code == .refused { return failure }
        let changed = tally.done > 0
        let failure: DirSyncFailure
        if let known = error as? DirSyncFailure, !changed {
            failure = known
        } else if error is CancellationError {
            failure =
                changed
                ? DirSyncFailure(
                    .partial,
                    "the sync was stopped on request after applying \(tally.applied.count) operation(s); what was "
                        + "applied is recorded, and the next sync applies the rest.")
                : DirSyncFailure(.readFailed, "the sync was stopped on request before it changed anything.")
        } else if changed {
            failure = DirSyncFailure(
                .partial,
                "the sync stopped after applying \(tally.applied.count) operation(s): \(error)\nWhat was applied is "
                    + "recorded; fix the cause and run sync again to converge.")
        } else {
            failure = DirSyncFailure(.readFailed, "\(error)\nNothing was changed. Fix the cause and run sync again.")
        }
        let summary = Plan(operations: tally.applied).summary
        // Cancelled: the daemon was asked to stop and the target stopped between chunks.
        let status: RunStatus = error is CancellationError ? .interrupted : .failed
        do {
            try recorder.finish(status, summary: summary, failures: tally.failures.count, message: failure.message)
        } catch let finishing {
            logger.error("could not record the end of the run: \(finishing)")
        }
        events(
            .finished(
                runID: recorder.runID, status: recorder.runID == nil ? nil : status, summary: summary,
                failures: tally.failures.count, message: failure.message))
        return failure
    }
}
