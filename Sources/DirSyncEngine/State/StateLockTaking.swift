import DirSyncCore
import DirSyncStore

/// Takes the state database's lock for a sync: held → exit 5, anything else → exit 2,
/// nothing changed either way.
enum StateLockTaking {
    static func take(_ settings: DirSyncSettings) throws -> StateLock {
        do {
            return try StateLock.acquire(statePath: settings.statePath)
        } catch let held as StateLockHeld {
            throw DirSyncFailure(
                .locked,
                "another sync is running on \(settings.statePath) (\(held)); nothing was changed. Wait for it to finish and run again."
            )
        } catch {
            throw DirSyncFailure(.readFailed, "could not take the lock of \(settings.statePath): \(error)\nNothing was changed.")
        }
    }
}
