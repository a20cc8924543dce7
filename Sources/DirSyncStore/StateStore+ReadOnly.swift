import Foundation
import GRDB

extension StateStore {
    /// Opens an existing state database for reading only (`plan`, `explain`, `accounts`,
    /// `history`): SQLite's read-only mode, so the command leaves the file exactly as it
    /// was, and no migration, since only a sync (holding the lock) may change the schema.
    /// A file with an older schema is refused with what to do; a missing file is the
    /// caller's case (there is nothing to read yet).
    public static func openReadOnly(path: String) throws -> StateStore {
        var configuration = configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError(
                "state database \(path) cannot be opened for reading: \(describe(error)); check that this user may read "
                    + "it and its folder, and that the file is an SQLite database")
        }
        let schema: (complete: Bool, superseded: Bool)
        do {
            schema = try queue.read { db in
                (
                    try StateStoreMigrations.migrator.hasCompletedMigrations(db),
                    try StateStoreMigrations.migrator.hasBeenSuperseded(db)
                )
            }
        } catch {
            throw StoreError("state database \(path) cannot be read: \(describe(error))")
        }
        if schema.superseded {
            throw StoreError(
                "state database \(path) was written by a newer dirsync; use that version or restore a backup")
        }
        guard schema.complete else {
            throw StoreError(
                "state database \(path) has an older schema than this dirsync; run `dirsync sync` once to upgrade it "
                    + "(only a sync changes the state database)")
        }
        return try StateStore(readOnly: queue, path: path)
    }
}
