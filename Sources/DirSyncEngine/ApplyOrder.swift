import DirSyncCore

/// The order operations are applied in, which differs from the order plans show them:
/// removals first, so a username freed by a delete or a rename is free before a create
/// that reuses it.
enum ApplyOrder {
    static func sorted(_ operations: [Operation]) -> [Operation] {
        let rank: [Operation.Action: Int] = [.delete: 0, .deactivate: 1, .update: 2, .reactivate: 3, .create: 4]
        return operations.enumerated().sorted {
            (rank[$0.element.action]!, $0.offset) < (rank[$1.element.action]!, $1.offset)
        }.map(\.element)
    }
}
