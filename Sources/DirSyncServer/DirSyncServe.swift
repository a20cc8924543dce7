import Foundation
import Logging
import ServiceLifecycle

/// Runs `dirsync serve` until SIGTERM or SIGINT: one `ServiceGroup` with the HTTP server, the
/// scheduler, the run coordinator, SIGHUP reloads and the systemd notifications.
///
/// The group stops its services in reverse order: `STOPPING=1` first, then the HTTP server
/// and the scheduler (no new triggers), then the coordinator, which waits for the sync in
/// flight to finish and be recorded, and last the watchdog, which pings until the end.
public enum DirSyncServe {
    public static func run(configPath: String, version: String, lockWait: Duration, logger: Logger) async throws {
        let config = try DaemonConfig.load(configPath: configPath, logger: logger)
        let daemon = Daemon(configPath: configPath, config: config, logger: logger, version: version, lockWait: lockWait)
        try await run(daemon)
    }

    public static func run(_ daemon: Daemon) async throws {
        let logger = daemon.logger
        let app = try buildApplication(daemon)
        let services: [any Service] = [
            WatchdogService(notifier: daemon.notifier, logger: logger),
            CoordinatorService(coordinator: daemon.coordinator, logger: logger),
            ReloadService(configPath: daemon.configPath, configs: daemon.configs, logger: logger),
            ScheduleService(
                configs: daemon.configs, coordinator: daemon.coordinator, health: daemon.health, metrics: daemon.metrics,
                logger: logger),
            app,
            StoppingAnnouncer(notifier: daemon.notifier, logger: logger),
        ]
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("dirsync \(daemon.version) serving \(daemon.configPath)")
        try await group.run()
    }
}
