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
    /// The daemon's hook: a run it already recorded as `queued` (so the id it answered a
    /// webhook with is the run that covers it); the sync starts that run instead of a new one.
    public var queuedRunID: Int64?
    /// The daemon's hook for `{"users": [...]}`: only operations on these people (username or
    /// email, case-insensitive) are applied, under the same guards. Nil: everyone.
    public var onlyUsers: Set<String>?

    public init(dryRun: Bool = false, allowMassChanges: Bool = false, savedPlan: Plan? = nil, trigger: String = "cli") {
        self.dryRun = dryRun
        self.allowMassChanges = allowMassChanges
        self.savedPlan = savedPlan
        self.trigger = trigger
    }

    /// `plan` limited to `onlyUsers` (the whole plan when nil).
    func limit(_ plan: Plan) -> Plan {
        guard let onlyUsers else { return plan }
        let wanted = Set(onlyUsers.map { $0.lowercased() })
        let kept = plan.operations.filter { op in
            wanted.contains(op.username.lowercased()) || op.email.map { wanted.contains($0.lowercased()) } == true
        }
        return Plan(operations: kept, warnings: plan.warnings)
    }
}
