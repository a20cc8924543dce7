import DirSyncCore
import Foundation
import Logging
import ServiceLifecycle

/// Starts the nightly (or configured) sync: sleeps until the cron expression's next minute
/// plus a random delay, triggers a run, and computes the next time from the clock again.
///
/// Computing from "now" after each wake-up is what keeps a missed run (the machine slept, a
/// sync overran) from being made up in a burst: at most one run fires, then the schedule
/// moves on. A reload takes effect at the next computation.
struct ScheduleService: Service {
    let configs: ConfigHolder
    let coordinator: RunCoordinator
    let health: HealthState
    let metrics: DirSyncMetrics
    let logger: Logger
    /// The wall clock and the wait for a date; tests replace both to pass days in an instant.
    var now: @Sendable () -> Date = Date.init
    var sleepUntil: @Sendable (Date) async throws -> Void = ScheduleService.sleep(until:)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let server = configs.current.workspace.settings.server
                guard let due = nextRun(after: now()) else {
                    logger.warning("schedule '\(server.schedule)' never matches a date; no scheduled runs")
                    health.scheduled(nil)
                    metrics.nextScheduledRun(at: nil)
                    try await Task.sleep(for: .seconds(3600))
                    continue
                }
                health.scheduled(due)
                metrics.nextScheduledRun(at: due)
                logger.info("next scheduled sync at \(ISO8601DateFormatter().string(from: due))")
                try await sleepUntil(due)
                do {
                    let (run, coalesced) = try await coordinator.trigger("schedule", users: nil)
                    logger.info("scheduled sync: run \(run)\(coalesced ? " (joined the queued run)" : "")")
                } catch {
                    logger.error("could not start the scheduled sync: \(error)")
                }
            }
        }
    }

    /// The next start: the cron expression's next match in local time plus the random delay.
    func nextRun(after now: Date) -> Date? {
        let config = configs.current
        guard let match = config.schedule.next(after: now, calendar: Calendar.current) else { return nil }
        let delay = config.workspace.settings.server.randomDelay
        return match.addingTimeInterval(delay > 0 ? Double.random(in: 0...delay) : 0)
    }

    /// Sleeps in steps of at most a minute, so a wall-clock change (NTP, suspend) cannot push
    /// a run hours late.
    static func sleep(until date: Date) async throws {
        while true {
            let left = date.timeIntervalSinceNow
            if left <= 0 { return }
            try await Task.sleep(for: .milliseconds(Int64(min(left, 60) * 1000)))
        }
    }
}
