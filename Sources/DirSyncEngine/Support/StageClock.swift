import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Wall and process CPU time between the stages of a run, logged at debug level
/// (`-v`): CPU beside wall shows whether a stage waits (the read) or computes (the rest),
/// which is what the benchmarks in `Benchmarks/` need to explain a ratio.
public struct StageClock: Sendable {
    private let clock = ContinuousClock()
    private var wall: ContinuousClock.Instant
    private var cpu: Double
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
        wall = clock.now
        cpu = Self.processCPUSeconds()
    }

    /// Logs the time since the previous lap (or since `init`) as `what`, and starts a new lap.
    public mutating func lap(_ what: @autoclosure () -> String) {
        let now = clock.now
        let cpuNow = Self.processCPUSeconds()
        let seconds = wall.duration(to: now)
        let wallSeconds = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) / 1e18
        logger.debug("\(what()): \(Self.format(wallSeconds)) s wall, \(Self.format(cpuNow - cpu)) s CPU")
        wall = now
        cpu = cpuNow
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// User + system time of the whole process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
