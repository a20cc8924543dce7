import DirSyncCore
import DirSyncStore
import Foundation

/// Reads the target's accounts and the ledger without changing anything.
///
/// `plan` and `explain` must not create the state database, so a missing database reads as
/// no accounts and an empty ledger.
public enum AccountReader {
    public static func read(_ settings: DirSyncSettings) throws -> (accounts: [Account], ledger: [LedgerEntry]) {
        try ExistingState.requireStoreTarget(settings)
        return try ExistingState.read(settings, empty: ([], [])) { store in
            (try store.readAccounts(), try store.readLedger())
        }
    }
}
