import Logging
import ServiceLifecycle

/// Pings the systemd watchdog (`WATCHDOG=1` at half of `WATCHDOG_USEC`) for as long as the
/// daemon lives. First in the service group, so it is the last to stop: the pings go on
/// while a graceful shutdown waits for the sync in flight.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        guard let interval = notifier.watchdogInterval else {
            try? await gracefulShutdown()
            return
        }
        logger.debug("systemd watchdog: pinging every \(interval)")
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                notifier.notify("WATCHDOG=1")
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// Sends `STOPPING=1` the moment a graceful shutdown begins. Last in the service group, so
/// it is the first to hear of the shutdown.
struct StoppingAnnouncer: Service {
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("stopping: the sync in flight, if any, finishes and is recorded first")
        notifier.notify("STOPPING=1")
    }
}
