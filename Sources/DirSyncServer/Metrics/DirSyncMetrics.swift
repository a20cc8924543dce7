import CoreMetrics
import DirSyncCore
import DirSyncStore
import Foundation
import Metrics
import Prometheus

/// The daemon's metrics, recorded through swift-metrics and exposed by swift-prometheus at
/// `/metrics`. Every family is `dirsync_`-prefixed and created at start (at zero for every
/// label value), so dashboards and alerts see it before the first sync.
///
/// Each daemon owns its registry rather than bootstrapping the global `MetricsSystem`, so
/// tests can run several daemons in one process.
public final class DirSyncMetrics: Sendable {
    public static let triggers = ["schedule", "webhook"]
    public static let outcomes = RunStatus.allCases.filter { $0 != .queued && $0 != .running }.map(\.rawValue)
    public static let results = ["applied", "failed"]
    public static let verdicts = ["accepted", "duplicate", "unauthorized", "too_large"]
    public static let statuses = [AccountStatus.active, .inactive].map(\.rawValue)

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let runs: [String: Metrics.Counter]
    private let operations: [String: Metrics.Counter]
    private let deliveries: [String: Metrics.Counter]
    private let accounts: [String: Metrics.Gauge]
    private let guardRefusals: Metrics.Counter
    private let sourceRead: Metrics.Timer
    private let apply: Metrics.Timer
    private let lastSuccess: Metrics.Gauge
    private let nextRun: Metrics.Gauge

    public init(version: String) {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let long: [Duration] = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600].map { .milliseconds(Int64($0 * 1000)) }
        factory.durationHistogramBuckets = [
            "dirsync_source_read_duration_seconds": long, "dirsync_apply_duration_seconds": long,
        ]
        self.registry = registry
        self.factory = factory
        var runs: [String: Metrics.Counter] = [:]
        for trigger in Self.triggers {
            for outcome in Self.outcomes {
                runs["\(trigger)/\(outcome)"] = Metrics.Counter(
                    label: "dirsync_runs_total", dimensions: [("trigger", trigger), ("outcome", outcome)], factory: factory)
            }
        }
        self.runs = runs
        var operations: [String: Metrics.Counter] = [:]
        for action in AccountOperation.Action.allCases.map(\.rawValue) {
            for result in Self.results {
                operations["\(action)/\(result)"] = Metrics.Counter(
                    label: "dirsync_operations_total", dimensions: [("action", action), ("result", result)], factory: factory)
            }
        }
        self.operations = operations
        deliveries = Dictionary(
            uniqueKeysWithValues: Self.verdicts.map {
                ($0, Metrics.Counter(label: "dirsync_webhook_deliveries_total", dimensions: [("verdict", $0)], factory: factory))
            })
        accounts = Dictionary(
            uniqueKeysWithValues: Self.statuses.map {
                ($0, Metrics.Gauge(label: "dirsync_accounts_managed", dimensions: [("status", $0)], factory: factory))
            })
        guardRefusals = Metrics.Counter(label: "dirsync_guard_refusals_total", factory: factory)
        sourceRead = Metrics.Timer(label: "dirsync_source_read_duration_seconds", factory: factory)
        apply = Metrics.Timer(label: "dirsync_apply_duration_seconds", factory: factory)
        lastSuccess = Metrics.Gauge(label: "dirsync_last_success_timestamp_seconds", factory: factory)
        nextRun = Metrics.Gauge(label: "dirsync_next_scheduled_run_timestamp_seconds", factory: factory)
        Metrics.Gauge(label: "dirsync_build_info", dimensions: [("version", version)], factory: factory).record(1)
        for counter in runs.values { counter.increment(by: 0) }
        for counter in operations.values { counter.increment(by: 0) }
        for counter in deliveries.values { counter.increment(by: 0) }
        guardRefusals.increment(by: 0)
        for gauge in accounts.values { gauge.record(0) }
        lastSuccess.record(0)
        nextRun.record(0)
    }

    /// The Prometheus text exposition of every family.
    public func exposition() -> String { registry.emitToString() }

    func runEnded(trigger: String, outcome: RunStatus) { runs["\(trigger)/\(outcome.rawValue)"]?.increment() }
    func operation(_ action: AccountOperation.Action, failed: Bool, count: Int = 1) {
        operations["\(action.rawValue)/\(failed ? "failed" : "applied")"]?.increment(by: count)
    }
    func guardRefused() { guardRefusals.increment() }
    func delivery(_ verdict: String) { deliveries[verdict]?.increment() }
    func sourceReadTook(_ duration: Duration) { sourceRead.recordNanoseconds(duration.nanoseconds) }
    func applyTook(_ duration: Duration) { apply.recordNanoseconds(duration.nanoseconds) }
    func succeeded(at date: Date) { lastSuccess.record(date.timeIntervalSince1970) }
    func nextScheduledRun(at date: Date?) { nextRun.record(date?.timeIntervalSince1970 ?? 0) }
    func managedAccounts(active: Int, inactive: Int) {
        accounts[AccountStatus.active.rawValue]?.record(active)
        accounts[AccountStatus.inactive.rawValue]?.record(inactive)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
