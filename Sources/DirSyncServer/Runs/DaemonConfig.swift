import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Logging

/// Everything the daemon runs with that a reload (SIGHUP) may replace: the loaded config and
/// mappings, the credentials, the parsed schedule and the state database handle.
public struct DaemonConfig: Sendable {
    public var workspace: Workspace
    public var secrets: ServerSecrets
    public var schedule: CronExpression
    /// The daemon's own handle on the state database, for recording queued and locked runs
    /// and answering the API; each sync opens its own under the lock.
    public var state: StateStore

    public init(workspace: Workspace, secrets: ServerSecrets, schedule: CronExpression, state: StateStore) {
        self.workspace = workspace
        self.secrets = secrets
        self.schedule = schedule
        self.state = state
    }

    /// Loads and validates the config, mappings and secrets; throws every problem at once.
    /// The state database is created (or upgraded) here, under the lock when it is free. At
    /// start (not on a reload, while this daemon may have a run queued) runs left queued by
    /// a daemon that stopped are marked interrupted.
    public static func load(configPath: String, logger: Logger, reload: Bool = false) throws -> DaemonConfig {
        let workspace: Workspace
        do {
            workspace = try Workspace.load(configPath: configPath, logger: logger)
        } catch let failure as DirSyncFailure {
            throw ServerSetupError([failure.message])
        }
        let secrets = try ServerSecrets.load(workspace.settings.server)
        let schedule: CronExpression
        do {
            schedule = try CronExpression(workspace.settings.server.schedule)
        } catch {
            throw ServerSetupError(["server.schedule: \(error)"])
        }
        let state = try openState(workspace.settings, cleanUp: !reload, logger: logger)
        return DaemonConfig(workspace: workspace, secrets: secrets, schedule: schedule, state: state)
    }

    /// Opens the state database and marks runs a previous daemon left queued as interrupted
    /// (their triggers died with it). Only under the lock: otherwise a CLI sync may be
    /// migrating or using it, and the cleanup waits for the next start.
    private static func openState(_ settings: DirSyncSettings, cleanUp: Bool, logger: Logger) throws -> StateStore {
        let lock = cleanUp ? try? StateLock.acquire(statePath: settings.statePath) : nil
        defer { lock?.release() }
        do {
            let state = try StateStore(path: settings.statePath)
            if lock != nil {
                for run in try state.runs(limit: 100) where run.status == .queued {
                    try state.finishRun(
                        id: run.id, status: .interrupted, summary: run.summary, failures: 0, finishedAt: Date(),
                        message: "the daemon that queued this run stopped before starting it")
                    logger.warning("run \(run.id) was queued by a daemon that stopped; marked interrupted")
                }
            }
            return state
        } catch {
            throw ServerSetupError([
                "could not open the state database \(settings.statePath): \(error); check that its folder exists and "
                    + "is writable by this user (under systemd: StateDirectory=)"
            ])
        }
    }
}
