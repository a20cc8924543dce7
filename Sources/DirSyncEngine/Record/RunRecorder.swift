import DirSyncCore
import DirSyncStore
import Foundation
import Logging

/// The run's record in the state database: begun once the lock is held, finished with its
/// status however the sync ends, so no run is ever left `running` by a live process.
struct RunRecorder {
    let state: StateStore
    /// nil for a dry run, which records nothing.
    let runID: Int64?

    /// Marks the runs a killed process left `running` as `interrupted` (only the lock
    /// holder can be running a sync) and begins this one. A dry run writes nothing.
    static func begin(_ request: SyncRequest, state: StateStore, now: Date, logger: Logger) throws -> RunRecorder {
        guard !request.dryRun else { return RunRecorder(state: state, runID: nil) }
        do {
            for id in try state.markInterruptedRuns(at: now) {
                logger.warning("run \(id) was interrupted before it finished; this sync converges on its work")
            }
            if let queued = request.queuedRunID {
                try state.startRun(id: queued, startedAt: now)
                return RunRecorder(state: state, runID: queued)
            }
            return RunRecorder(state: state, runID: try state.beginRun(trigger: request.trigger, startedAt: now))
        } catch {
            throw DirSyncFailure(
                .readFailed,
                "could not record the run in the state database \(state.path): \(error)\nNothing was changed. "
                    + "Check that the file and its folder are writable by this user.")
        }
    }

    func finish(_ status: RunStatus, summary: Plan.Summary, failures: Int, message: String?) throws {
        guard let runID else { return }
        try state.finishRun(
            id: runID, status: status, summary: summary, failures: failures, finishedAt: Date(), message: message)
    }
}
