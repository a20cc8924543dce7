import DirSyncCore

/// How a sync was asked for.
public struct SyncRequest: Sendable {
    /// Plan and check the guards, then stop before the first write.
    public var dryRun: Bool
    /// Apply even when a safety guard would refuse.
    public var allowMassChanges: Bool
    /// A reviewed plan (JSON) to apply exactly; refused if the world changed since.
    public var savedPlan: Plan?
    /// Who asked: `cli`, `schedule`, `webhook`.
    public var trigger: String
    /// How the caller prints the applied operations. Given, a long apply (10,000 ops or
    /// more) renders them on another core while it writes, and hands the bytes back in
    /// `SyncOutcome.rendered` if every operation applied: a first sync at 100k accounts
    /// otherwise spent ~0.2 s rendering its 55 MB of JSON after the apply, one core idle
    /// during the apply.
    public var render: (@Sendable (Plan) -> [[UInt8]])?

    public init(
        dryRun: Bool = false, allowMassChanges: Bool = false, savedPlan: Plan? = nil, trigger: String = "cli",
        render: (@Sendable (Plan) -> [[UInt8]])? = nil
    ) {
        self.dryRun = dryRun
        self.allowMassChanges = allowMassChanges
        self.savedPlan = savedPlan
        self.trigger = trigger
        self.render = render
    }
}

/// What a sync did: the operations it applied, those that failed, and the run it recorded.
public struct SyncOutcome: Sendable {
    /// The operations that were applied (for a dry run: that would be applied).
    public var applied: Plan
    public var failures: [SyncFailureRecord]
    /// The run's id in the history; nil for a dry run.
    public var runID: Int64?
    /// What the plan was computed from. Handed back so that the caller decides when to free
    /// it: a command that is about to exit never does (releasing 100k people and accounts
    /// object by object took a few tenths of a second).
    public var world: World?
    public var planning: Planning?
    /// `applied` rendered by `SyncRequest.render` during the apply; nil when not asked for,
    /// when the apply was short, or when an operation failed (`applied` then differs from
    /// what was rendered).
    public var rendered: [[UInt8]]?

    public init(
        applied: Plan, failures: [SyncFailureRecord], runID: Int64?, world: World? = nil, planning: Planning? = nil,
        rendered: [[UInt8]]? = nil
    ) {
        self.applied = applied
        self.failures = failures
        self.runID = runID
        self.world = world
        self.planning = planning
        self.rendered = rendered
    }

    public var exitCode: ExitCode { failures.isEmpty ? .success : .partial }
}

/// One operation that the target refused.
public struct SyncFailureRecord: Sendable {
    public var username: String
    public var action: String
    public var error: String

    public init(username: String, action: String, error: String) {
        self.username = username
        self.action = action
        self.error = error
    }
}
