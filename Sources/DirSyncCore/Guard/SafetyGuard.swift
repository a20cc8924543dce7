/// The last check before the first write: a plan that would deactivate or delete too many
/// accounts at once, strip a role or project membership from too many, or that follows a
/// source coming back empty, is refused (exit 3).
///
/// An empty source while accounts are managed is far more likely a broken filter or base
/// DN than a company that let everyone go; likewise a role vanishing from many accounts in
/// one run is far more likely a mapping mistake than a reorganisation.
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
        let accessRemovals = plan.operations.lazy.filter(Self.removesAccess).count
        let allowedAccessRemovals = safety.maxAccessRemovals.allowed(managed: managedCount)
        if accessRemovals > allowedAccessRemovals {
            reasons.append(
                "the plan removes a role or project membership from \(accessRemovals) of \(managedCount) managed accounts, "
                    + "over max_access_removals \(safety.maxAccessRemovals) (allows \(allowedAccessRemovals)); \(hint)")
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

    /// Whether an operation takes away at least one role or project membership from an
    /// account that keeps working: updates and adoptions (any action whose `changes` remove
    /// access). Deactivations and deletions have guards of their own, and a reactivation
    /// gives back an account that had no active access to lose.
    static func removesAccess(_ operation: AccountOperation) -> Bool {
        if [.create, .deactivate, .reactivate, .delete].contains(operation.action) { return false }
        guard let changes = operation.changes else { return false }
        return !changes.rolesRemoved.isEmpty || !changes.projectsRemoved.isEmpty
    }
}

/// Whether a plan may be applied.
public enum GuardVerdict: Sendable, Hashable {
    case pass
    case refuse(reasons: [String])
}
