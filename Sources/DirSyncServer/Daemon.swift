import DirSyncCore
import Foundation
import Logging

/// The parts of a running `dirsync serve`, shared by the routes and the services: the config
/// in force, the run coordinator, health, metrics and the webhook replay memory.
///
/// Built once by `buildApplication`, the same way for the command and the tests.
public final class Daemon: Sendable {
    public let configPath: String
    public let configs: ConfigHolder
    public let coordinator: RunCoordinator
    public let metrics: DirSyncMetrics
    public let health: HealthState
    public let replays: ReplayGuard
    public let notifier: SystemdNotifier
    public let logger: Logger
    public let version: String

    public init(
        configPath: String, config: DaemonConfig, logger: Logger, version: String, lockWait: Duration = .seconds(30),
        notifier: SystemdNotifier = SystemdNotifier()
    ) {
        self.configPath = configPath
        self.configs = ConfigHolder(config)
        self.metrics = DirSyncMetrics(version: version)
        self.health = HealthState()
        self.replays = ReplayGuard()
        self.notifier = notifier
        self.logger = logger
        self.version = version
        let executor = RunExecutor(metrics: metrics, health: health, logger: logger, lockWait: lockWait)
        self.coordinator = RunCoordinator(configs: configs, executor: executor, logger: logger)
    }
}

/// The replay memory behind an actor: deliveries arrive on many connections at once.
public actor ReplayGuard {
    private var memory = ReplayMemory()

    public init() {}

    func isReplay(_ id: String, now: Date) -> Bool { memory.isReplay(id, now: now) }
}
