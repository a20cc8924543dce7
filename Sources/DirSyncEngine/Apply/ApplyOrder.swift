import DirSyncCore

/// The order operations are applied in, which differs from the order plans show them:
/// removals first, so a username freed by a delete or a rename is free before a create
/// that reuses it.
enum ApplyOrder {
    static func sorted(_ operations: [AccountOperation]) -> [AccountOperation] {
        // One pass per action, keeping the plan's order within each: cheaper than a
        // comparison sort that looks each action's rank up on every comparison.
        let order: [AccountOperation.Action] = [.delete, .deactivate, .update, .adopt, .reactivate, .create]
        var sorted: [AccountOperation] = []
        sorted.reserveCapacity(operations.count)
        for action in order {
            for i in operations.indices where operations[i].action == action { sorted.append(operations[i]) }
        }
        return sorted
    }
}
