import DirSyncCore
import DirSyncStore
import Foundation

/// Read-only access to the state database for commands that must not create it (`plan`,
/// `explain`, `accounts`, `history`), and the one check that the target is supported.
enum ExistingState {
    /// Runs `body` on the state database, or returns `empty` when there is no database yet.
    static func read<T>(_ settings: DirSyncSettings, empty: T, _ body: (StateStore) throws -> T) throws -> T {
        guard FileManager.default.fileExists(atPath: settings.statePath) else { return empty }
        do {
            return try body(StateStore(path: settings.statePath))
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the state database \(settings.statePath): \(error)")
        }
    }

    /// This build applies to the embedded store only.
    static func requireStoreTarget(_ settings: DirSyncSettings) throws {
        guard case .store = settings.target else {
            throw DirSyncFailure(.invalidInput, "target type scim is not supported by this build yet; use target: { type: store }")
        }
    }
}
