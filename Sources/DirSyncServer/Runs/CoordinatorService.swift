import Logging
import ServiceLifecycle

/// Holds the run coordinator in the service group: on graceful shutdown it waits for the
/// sync in flight to finish and be recorded, and records the queued one as interrupted.
struct CoordinatorService: Service {
    let coordinator: RunCoordinator
    let logger: Logger

    func run() async throws {
        await coordinator.countAccounts()
        try? await gracefulShutdown()
        await coordinator.stop()
        logger.info("runs finished; stopped")
    }
}
