import DirSyncCore
import DirSyncStore
import Foundation

/// Opens the state database the way each kind of command may use it.
///
/// A sync opens it once, read-write, under the lock, and upgrades an older schema; the
/// read-only commands (`plan`, `explain`, `accounts`, `history`) open it read-only and never
/// create, migrate or write it.
enum StateDatabase {
    /// For a sync holding the lock: created on first use, migrated if older. A database that
    /// cannot be opened or written is exit 2: nothing has been changed yet.
    static func openForSync(_ settings: DirSyncSettings) throws -> StateStore {
        do {
            return try StateStore(path: settings.statePath)
        } catch {
            throw DirSyncFailure(
                .readFailed, "could not open the state database \(settings.statePath): \(error)\nNothing was changed.")
        }
    }

    /// For a read-only command. No file yet reads as an empty database (no accounts, no
    /// ledger, no runs), without creating one.
    static func openReadOnly(_ settings: DirSyncSettings) throws -> StateStore {
        do {
            guard FileManager.default.fileExists(atPath: settings.statePath) else { return try StateStore.inMemory() }
            return try StateStore.openReadOnly(path: settings.statePath)
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the state database \(settings.statePath): \(error)")
        }
    }
}
