import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Logging

/// Turns one sync's `SyncEvent`s into metrics and log lines: the engine only reports, the
/// daemon decides what an operator sees (architecture: "the daemon turns them into logs and
/// metrics"). Every line carries the run id; reasons come from the engine and the target,
/// which never put secrets in them.
final class SyncEventObserver: @unchecked Sendable {
    private let metrics: DirSyncMetrics
    private let trigger: String
    private let lock = NSLock()
    private var logger: Logger
    private let clock = ContinuousClock()
    private var startedAt: ContinuousClock.Instant?
    private var applyingAt: ContinuousClock.Instant?
    /// The status the run ended with, once `finished` arrived.
    private(set) var ended: RunStatus?

    init(metrics: DirSyncMetrics, logger: Logger, runID: Int64, trigger: String) {
        self.metrics = metrics
        self.trigger = trigger
        var logger = logger
        logger[metadataKey: "run"] = "\(runID)"
        self.logger = logger
    }

    var handler: SyncEventHandler { { [self] event in observe(event) } }

    var status: RunStatus? {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    private func observe(_ event: SyncEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .started(_, let trigger):
            startedAt = clock.now
            logger.info("sync started (trigger \(trigger))")
        case .read(let people, let accounts):
            if let startedAt { metrics.sourceReadTook(clock.now - startedAt) }
            logger.info("read \(people) people from the sources and \(accounts) accounts from the target")
        case .planned(let plan):
            logger.info("planned: \(Self.describe(plan.summary))")
        case .refused(let reasons, let overridden):
            if !overridden { metrics.guardRefused() }
            for reason in reasons { logger.warning("\(overridden ? "guard overridden" : "refused"): \(reason)") }
        case .applying(let operations):
            applyingAt = clock.now
            logger.info("applying \(operations.count) operation(s)")
        case .applied(let chunk, let done, let total):
            for (operation, result) in zip(chunk.operations, chunk.results) {
                if case .failed = result { metrics.operation(operation.action, failed: true) } else {
                    metrics.operation(operation.action, failed: false)
                }
            }
            logger.debug("applied \(done) of \(total) operation(s)")
        case .progressed:
            break
        case .operationFailed(let operation, let reason):
            logger.error("\(operation.action.rawValue) \(operation.username) failed: \(reason)")
        case .finished(_, let status, let summary, let failures, let message):
            if let applyingAt { metrics.applyTook(clock.now - applyingAt) }
            let outcome = status ?? .failed
            ended = outcome
            metrics.runEnded(trigger: trigger, outcome: outcome)
            if outcome == .succeeded || outcome == .partial { metrics.succeeded(at: Date()) }
            let line = "sync \(outcome.rawValue): \(Self.describe(summary))\(failures > 0 ? ", \(failures) failed" : "")"
            if outcome == .failed {
                logger.error("\(line): \(Self.oneLine(message ?? ""))")
            } else {
                logger.info("\(line)")
            }
        }
    }

    static func describe(_ s: Plan.Summary) -> String {
        "create \(s.create), \(s.adopt > 0 ? "adopt \(s.adopt), " : "")update \(s.update), deactivate \(s.deactivate), reactivate \(s.reactivate), delete \(s.delete)"
    }

    /// journald shows one entry per line: keep a multi-line engine message on one.
    static func oneLine(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
}
