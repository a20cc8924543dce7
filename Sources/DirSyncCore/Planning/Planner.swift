import Foundation

/// Diffs the desired state (decisions) against the target's accounts and the ledger.
///
/// Pure and deterministic. Never touches accounts without a ledger entry except to adopt
/// one on first sync by the match key; never touches excluded people at all.
public enum Planner {
    public static func plan(
        decisions: [Decision], accounts: [Account], ledger: [LedgerEntry], matchBy: MatchBy,
        lifecycle: LifecycleSettings, now: Date, warnings: [String] = []
    ) -> PlanningResult {
        var pass = PlanningPass(accounts: accounts, ledger: ledger, matchBy: matchBy, lifecycle: lifecycle, now: now)
        for decision in decisions { pass.reconcile(decision) }
        pass.retireGone()
        return pass.result(warnings: warnings)
    }
}

/// A plan plus the ledger bookkeeping that has no visible operation (adopting an account
/// that already matches, noting when a person was first seen gone).
public struct PlanningResult: Sendable {
    public var plan: Plan
    public var ledgerUpdates: [LedgerEntry]

    public init(plan: Plan, ledgerUpdates: [LedgerEntry]) {
        self.plan = plan
        self.ledgerUpdates = ledgerUpdates
    }
}
