import DirSyncCore
import DirSyncStore
import Foundation

/// Reads the target's accounts and the ledger without changing anything.
///
/// `plan` and `explain` must not create the state database, so a missing database reads as
/// no accounts and an empty ledger.
public enum AccountReader {
    public static func read(_ settings: DirSyncSettings) throws -> (accounts: [Account], ledger: [LedgerEntry]) {
        guard case .store = settings.target else {
            throw DirSyncFailure(.invalidInput, "target type scim is not supported by this build yet; use target: { type: store }")
        }
        guard FileManager.default.fileExists(atPath: settings.statePath) else { return ([], []) }
        do {
            let store = try StateStore(path: settings.statePath)
            return (try store.readAccounts(), try store.readLedger())
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the state database \(settings.statePath): \(error)")
        }
    }
}
