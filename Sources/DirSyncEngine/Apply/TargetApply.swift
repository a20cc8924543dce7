import DirSyncCore
import DirSyncStore

/// Applies a plan's operations through the target, in apply order, and tallies what was
/// applied and what failed, reporting each chunk as the target finishes it.
struct TargetApply {
    let target: any AccountTarget
    let journal: any ApplyJournal
    let run: ApplyRun
    let events: SyncEventHandler

    /// What has been applied so far; also read after a failure mid-way, to record the run.
    final class Tally {
        var applied: [AccountOperation] = []
        var failures: [SyncFailureRecord] = []
        var done = 0
    }

    func apply(_ ordered: [AccountOperation], into tally: Tally) async throws {
        tally.applied.reserveCapacity(ordered.count)
        events(.applying(ordered))
        try await target.apply(ordered, in: run, journal: journal, report: { chunk in
            for (op, result) in zip(chunk.operations, chunk.results) {
                switch result {
                case .applied: tally.applied.append(op)
                case .failed(let reason):
                    tally.failures.append(SyncFailureRecord(username: op.username, action: op.action.rawValue, error: reason))
                    events(.operationFailed(op, reason: reason))
                }
            }
            tally.done += chunk.operations.count
            events(.applied(chunk, done: tally.done, total: ordered.count))
        }, progress: { inFlight in
            events(.progressed(done: tally.done + inFlight, total: ordered.count))
        })
    }
}
