/// The last check before the first write: a plan that would deactivate or delete too many
/// accounts at once, or that follows a source coming back empty, is refused (exit 3).
///
/// An empty source while accounts are managed is far more likely a broken filter or base
/// DN than a company that let everyone go.
public enum SafetyGuard {
    public static func check(plan: Plan, managedCount: Int, safety: SafetySettings, emptySources: [String]) -> GuardVerdict {
        let hint = "re-run with --allow-mass-changes to apply anyway"
        var reasons: [String] = []
        let deactivations = plan.summary.deactivate
        let allowedDeactivations = safety.maxDeactivations.allowed(managed: managedCount)
        if deactivations > allowedDeactivations {
            reasons.append(
                "the plan deactivates \(deactivations) of \(managedCount) managed accounts, over max_deactivations "
                    + "\(safety.maxDeactivations) (allows \(allowedDeactivations)); \(hint)")
        }
        let deletions = plan.summary.delete
        let allowedDeletions = safety.maxDeletions.allowed(managed: managedCount)
        if deletions > allowedDeletions {
            reasons.append(
                "the plan deletes \(deletions) of \(managedCount) managed accounts, over max_deletions "
                    + "\(safety.maxDeletions) (allows \(allowedDeletions)); \(hint)")
        }
        if managedCount > 0 {
            for source in emptySources {
                reasons.append(
                    "source '\(source)' returned no users while \(managedCount) accounts are managed; "
                        + "check its base and filter, or \(hint)")
            }
        }
        return reasons.isEmpty ? .pass : .refuse(reasons: reasons)
    }
}

/// Whether a plan may be applied.
public enum GuardVerdict: Sendable, Hashable {
    case pass
    case refuse(reasons: [String])
}
