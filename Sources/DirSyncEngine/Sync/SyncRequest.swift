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

    public init(dryRun: Bool = false, allowMassChanges: Bool = false, savedPlan: Plan? = nil, trigger: String = "cli") {
        self.dryRun = dryRun
        self.allowMassChanges = allowMassChanges
        self.savedPlan = savedPlan
        self.trigger = trigger
    }
}
