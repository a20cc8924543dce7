import DirSyncCore
import DirSyncStore

/// What a sync reports as it goes, in this order: `started`, `read`, `planned`, then either
/// `refused` or (`applying`, `applied`… with `progressed` between them on a slow target and
/// `operationFailed` where the target refused an operation), and last `finished`, also when
/// the sync fails.
///
/// The engine only reports; callers decide what to make of it: the CLI renders the
/// operations and shows progress, the daemon turns the same events into logs and metrics.
public enum SyncEvent: Sendable {
    /// The lock is held and the run begun (`runID` nil for a dry run).
    case started(runID: Int64?, trigger: String)
    /// The sources and the target were read completely: `people` merged from the sources,
    /// `accounts` in the target.
    case read(people: Int, accounts: Int)
    /// The plan was made.
    case planned(Plan)
    /// A safety guard or a saved plan refused the plan (`overridden`: applied anyway,
    /// through `--allow-mass-changes`).
    case refused(reasons: [String], overridden: Bool)
    /// The apply begins, with every operation in the order it will be applied.
    case applying([AccountOperation])
    /// The target finished (and recorded) a chunk; `done` of `total` operations so far.
    case applied(AppliedChunk, done: Int, total: Int)
    /// Between chunks of a slow target: `done` of `total` operations carried out so far,
    /// the last of them not yet recorded. For progress only.
    case progressed(done: Int, total: Int)
    /// The target refused one operation; it is recorded as failed and the rest go on.
    case operationFailed(AccountOperation, reason: String)
    /// The run ended with `status` (nil for a dry run), what it applied and how many
    /// operations failed; `message` says why a refused or failed run stopped.
    case finished(runID: Int64?, status: RunStatus?, summary: Plan.Summary, failures: Int, message: String?)
}

/// Receives a sync's events, on the sync's own task, one at a time and in order.
public typealias SyncEventHandler = @Sendable (SyncEvent) -> Void
