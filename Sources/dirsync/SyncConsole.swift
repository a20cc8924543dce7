import DirSyncCore
import DirSyncEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `dirsync sync` makes of the engine's events: the applied operations rendered for
/// stdout, progress of a long apply on stderr, and a line per failed operation.
///
/// A long apply (`renderAheadMinimum` operations or more) is rendered on another thread
/// while the target writes, from the `applying` event; it is used only if every operation
/// applied, when the applied plan is exactly what was rendered.
final class SyncConsole: @unchecked Sendable {
    private let render: @Sendable (Plan) -> [[UInt8]]
    private let renderAheadMinimum: Int
    private let progress: ApplyProgress
    private let lock = NSLock()
    private var warnings: [String] = []
    private var renderedAhead: Task<[[UInt8]], Never>?

    /// Progress goes to stderr: live on a terminal, a line every few seconds otherwise.
    init(render: @escaping @Sendable (Plan) -> [[UInt8]], renderAheadMinimum: Int = 10_000) {
        self.render = render
        self.renderAheadMinimum = renderAheadMinimum
        self.progress = ApplyProgress(live: isatty(2) != 0) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    /// The `SyncEventHandler` to hand the engine.
    var handler: SyncEventHandler { { [self] event in self.handle(event) } }

    private func handle(_ event: SyncEvent) {
        switch event {
        case .planned(let plan):
            lock.withLock { warnings = plan.warnings }
        case .applying(let ordered):
            progress.handle(event)
            guard ordered.count >= renderAheadMinimum else { return }
            let plan = Plan(operations: ordered, warnings: lock.withLock { warnings })
            let render = self.render
            lock.withLock { renderedAhead = Task.detached { render(plan) } }
        case .applied, .progressed:
            progress.handle(event)
        case .operationFailed(let op, let reason):
            // One line per failure, whatever the username or the target's answer holds.
            Output.error("\(op.action.rawValue) \(TerminalText.escaped(op.username)) failed: \(TerminalText.escaped(reason))")
        case .finished:
            progress.handle(event)
        case .started, .read, .refused:
            break
        }
    }

    /// The output for `outcome`: rendered ahead when that matches what was applied.
    func output(for outcome: SyncOutcome) async -> [[UInt8]] {
        if outcome.failures.isEmpty, let ahead = lock.withLock({ renderedAhead }) { return await ahead.value }
        return render(outcome.applied)
    }
}
