import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Logging

/// Runs one queued sync through the engine, waiting a bounded time for the state lock that
/// CLI syncs share, and keeps what readiness and metrics need from its end.
final class RunExecutor: Sendable {
    let metrics: DirSyncMetrics
    let health: HealthState
    let logger: Logger
    /// How long a run waits for a CLI sync to release the lock before it is `locked`.
    let lockWait: Duration

    init(metrics: DirSyncMetrics, health: HealthState, logger: Logger, lockWait: Duration) {
        self.metrics = metrics
        self.health = health
        self.logger = logger
        self.lockWait = lockWait
    }

    func execute(_ run: RunCoordinator.Pending, config: DaemonConfig) async {
        var log = logger
        log[metadataKey: "run"] = "\(run.id)"
        let settings = config.workspace.settings
        guard await lockFreed(statePath: settings.statePath) else {
            locked(run, state: config.state, log: log)
            return
        }
        let observer = SyncEventObserver(metrics: metrics, logger: logger, runID: run.id, trigger: run.trigger)
        var request = SyncRequest(trigger: run.trigger)
        request.queuedRunID = run.id
        request.onlyUsers = run.users
        // The engine's own lines carry the run id too.
        var workspace = config.workspace
        workspace.logger[metadataKey: "run"] = "\(run.id)"
        do {
            _ = try await SyncRunner(workspace: workspace).run(request, events: observer.handler)
        } catch let failure as DirSyncFailure where failure.code == .locked {
            // A CLI sync took the lock between the wait and the start.
            locked(run, state: config.state, log: log)
            return
        } catch {
            // The engine has finished the run unless it failed before starting it.
            if (try? config.state.run(id: run.id))?.status == .queued {
                finish(run, .failed, message: "\(error)", state: config.state, log: log)
            }
        }
        let status = observer.status ?? ((try? config.state.run(id: run.id))?.status ?? .failed)
        health.lastSyncEnded(status)
        await countManagedAccounts(config.workspace, log: log)
    }

    /// Records a queued run the daemon will never start (it is stopping).
    func abandon(_ id: Int64, state: StateStore) {
        do {
            try state.finishRun(
                id: id, status: .interrupted, summary: Plan.Summary(counting: []), failures: 0, finishedAt: Date(),
                message: "the daemon stopped before starting this run")
        } catch {
            logger.error("could not record that queued run \(id) was abandoned: \(error)")
        }
    }

    private func locked(_ run: RunCoordinator.Pending, state: StateStore, log: Logger) {
        let message =
            "another sync held the state lock for longer than \(lockWait) (a CLI 'dirsync sync'); this run did "
            + "nothing. The next trigger or the schedule will sync."
        finish(run, .locked, message: message, state: state, log: log)
    }

    private func finish(_ run: RunCoordinator.Pending, _ status: RunStatus, message: String, state: StateStore, log: Logger) {
        metrics.runEnded(trigger: run.trigger, outcome: status)
        health.lastSyncEnded(status)
        log.warning("sync \(status.rawValue): \(SyncEventObserver.oneLine(message))")
        do {
            try state.finishRun(
                id: run.id, status: status, summary: Plan.Summary(counting: []), failures: 0, finishedAt: Date(),
                message: message)
        } catch {
            log.error("could not record the run as \(status.rawValue): \(error)")
        }
    }

    /// Polls the lock until it is free (then lets it go for the engine to take) or the wait ends.
    private func lockFreed(statePath: String) async -> Bool {
        let deadline = ContinuousClock.now + lockWait
        while true {
            if let probe = try? StateLock.acquire(statePath: statePath) {
                probe.release()
                return true
            }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    func countManagedAccounts(_ workspace: Workspace, log: Logger) async {
        do {
            let managed = try await AccountListing.list(workspace).filter(\.managed)
            let active = managed.filter { $0.status == .active }.count
            metrics.managedAccounts(active: active, inactive: managed.count - active)
        } catch {
            log.warning("could not count the managed accounts for the metrics: \(error)")
        }
    }
}
