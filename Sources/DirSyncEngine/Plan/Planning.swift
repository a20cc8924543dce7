import DirSyncCore
import Foundation

/// The pure middle of a sync: world + mapping → decisions → plan.
///
/// Kept apart from I/O so that `plan`, `sync`, `explain` and `sync --plan` compute exactly
/// the same thing from the same world.
public struct Planning: Sendable {
    public var engine: MappingEngine
    public var decisions: [Decision]
    public var result: PlanningResult

    public init(world: World, mapping: MappingSet, settings: DirSyncSettings, now: Date) {
        let engine = MappingEngine(mapping: mapping, index: world.index)
        var decisions = Planning.decideAll(engine, world.index.people)
        if case .scim(let scim) = settings.target, scim.tagsAs == .none {
            // `tags_as: none`: the application keeps no tags, so none are planned or compared.
            for i in decisions.indices { decisions[i].tags = [] }
        }
        self.engine = engine
        self.decisions = decisions
        let target =
            world.target.matchBy == settings.matchBy
            ? world.target : TargetIndex(accounts: world.accounts, ledger: world.ledger, matchBy: settings.matchBy)
        self.result = Planner.plan(
            decisions: decisions, target: target, lifecycle: settings.lifecycle, now: now,
            warnings: world.index.warnings, excludes: mapping.excludes, held: world.index.held)
    }

    public var plan: Plan { result.plan }

    /// Decides everyone, on every core: deciding is pure per person, and after the read it
    /// is the largest step of a plan. Results keep the people's order.
    static func decideAll(_ engine: MappingEngine, _ people: [Person]) -> [Decision] {
        Parallel.map(people) {
            let memo = DecisionMemo()
            return { person in engine.decide(person, memo: memo) }
        }
    }
}
