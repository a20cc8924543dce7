import DirSyncCore

/// The embedded target (`target: { type: store }`): accounts live in the state database.
///
/// Reading goes through `AccountTarget` like any target; applying goes through the store's
/// own transactions (`StateStore.apply`/`applyBatch`), which also write the audit and ledger.
public struct StoreTarget: AccountTarget {
    public let store: StateStore

    public init(store: StateStore) { self.store = store }

    /// Every account in the store; a read failure is a `TargetError` (exit 2, nothing changed).
    public func readAccounts() async throws -> [Account] {
        do {
            return try store.readAccounts()
        } catch {
            throw TargetError("cannot read the accounts of the embedded store: \(error)")
        }
    }
}
