import Foundation

/// Diffs the desired state (decisions) against the target's accounts and the ledger.
///
/// Pure and deterministic. Never touches accounts without a ledger entry except to adopt
/// one on first sync by the match key; never touches excluded people at all.
public enum Planner {
    /// - Parameters:
    ///   - excludes: the mapping's `exclude:` patterns (`MappingEngine.mapping.excludes`):
    ///     a managed account that matches one by username or email is never deactivated or
    ///     deleted, even once its person has left every source.
    ///   - held: entries present in a source but in no person (`PeopleIndex.held`): the
    ///     accounts managed for them are left exactly as they are, never retired as gone.
    public static func plan(
        decisions: [Decision], accounts: [Account], ledger: [LedgerEntry], matchBy: MatchBy,
        lifecycle: LifecycleSettings, now: Date, warnings: [String] = [], excludes: [ExcludeRule] = [],
        held: [HeldEntry] = []
    ) -> PlanningResult {
        plan(
            decisions: decisions, target: TargetIndex(accounts: accounts, ledger: ledger, matchBy: matchBy),
            lifecycle: lifecycle, now: now, warnings: warnings, excludes: excludes, held: held)
    }

    /// The same, against a target index built beforehand.
    public static func plan(
        decisions: [Decision], target: TargetIndex, lifecycle: LifecycleSettings, now: Date, warnings: [String] = [],
        excludes: [ExcludeRule] = [], held: [HeldEntry] = []
    ) -> PlanningResult {
        var pass = PlanningPass(target: target, lifecycle: lifecycle, now: now)
        pass.excludes = excludes.map { ($0, Glob($0.pattern)) }
        let located = pass.locate(decisions)
        pass.hold(held)
        pass.findOrphans()
        // Through a buffer pointer: an array subscript passed as an argument copied each
        // decision (a dozen reference counts) on the way in.
        pass.operations.reserveCapacity(decisions.count)
        if target.accounts.isEmpty && target.ledger.isEmpty {
            // An empty target (a first plan): everyone in scope is a create and nothing
            // else happens, so the creates are built on every core.
            pass.operations = PlanningPass.creates(decisions)
            return pass.result(warnings: warnings)
        }
        let unchanged = pass.unchanged(decisions, located: located)
        decisions.withUnsafeBufferPointer { decisions in
            for d in decisions.indices {
                if unchanged[d] {
                    pass.claimedAccount[target.ledgerAccount[located[d]]] = true  // all reconcile would do
                } else {
                    pass.reconcile(decisions[d], ledgerPosition: located[d])
                }
            }
        }
        pass.retireGone()
        return pass.result(warnings: warnings)
    }
}

/// A plan plus the ledger bookkeeping that has no visible operation (noting when a person
/// was first seen gone or is back, re-linking a returning person's account to their new
/// entry when nothing else changes). Adoptions and re-links that change the account are
/// operations: their ledger change is applied with them, never before.
public struct PlanningResult: Sendable {
    public var plan: Plan
    /// Entries to insert or replace by identity.
    public var ledgerUpdates: [LedgerEntry]
    /// Identities whose entries are replaced by a re-link without an operation and must go.
    public var ledgerRemovals: [String]
    /// Accounts a ledger entry points at (what the safety guard's percentages are of).
    public var managedCount: Int

    public init(plan: Plan, ledgerUpdates: [LedgerEntry], ledgerRemovals: [String] = [], managedCount: Int = 0) {
        self.plan = plan
        self.ledgerUpdates = ledgerUpdates
        self.ledgerRemovals = ledgerRemovals
        self.managedCount = managedCount
    }
}
