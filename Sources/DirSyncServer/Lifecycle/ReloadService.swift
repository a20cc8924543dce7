import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the config on SIGHUP (`systemctl reload dirsync`): loaded and validated whole, it
/// replaces the one in force; an invalid one is refused with every problem logged, and the
/// daemon keeps running on the old one. A run in flight finishes on the config it began with.
struct ReloadService: Service {
    let configPath: String
    let configs: ConfigHolder
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            reload()
        }
    }

    func reload() {
        logger.info("SIGHUP: reloading \(configPath)")
        do {
            configs.replace(with: try DaemonConfig.load(configPath: configPath, logger: logger, reload: true))
            logger.info("reloaded \(configPath); the next run uses it")
        } catch {
            for line in "\(error)".split(separator: "\n") { logger.error("reload refused, old config kept: \(line)") }
        }
    }
}
