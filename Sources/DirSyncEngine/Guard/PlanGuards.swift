import DirSyncCore

/// The checks between a plan and its first write: a saved plan must still be what a fresh
/// plan says, and the safety limits must hold (or be overridden on purpose).
enum PlanGuards {
    /// Why a reviewed plan may not be applied: the directory or the accounts changed since it
    /// was made. Never overridable, since what would be applied is not what was reviewed.
    static func savedPlanMismatch(_ saved: Plan?, fresh: Plan) -> String? {
        guard let saved, saved.operations != fresh.operations else { return nil }
        return "the directory or the accounts changed since the saved plan was made (it has \(saved.operations.count) "
            + "operations, a fresh plan has \(fresh.operations.count)); nothing was changed. Make and review a new plan "
            + "with 'dirsync plan --out FILE'."
    }

    /// What the safety guard refuses in `plan`, if anything (overridable by `--allow-mass-changes`).
    static func safetyRefusals(_ plan: Plan, planning: Planning, world: World, settings: DirSyncSettings) -> [String] {
        let verdict = SafetyGuard.check(
            plan: plan, managedCount: planning.result.managedCount, safety: settings.safety,
            emptySources: world.emptySources)
        if case .refuse(let reasons) = verdict { return reasons }
        return []
    }
}
