import DirSyncCore
import Foundation
import GRDB

/// The state database: the embedded `store` target's accounts, the ledger of managed
/// accounts, the runs and the audit log, in one SQLite file.
///
/// It owns the `DatabaseWriter` and exposes named domain transactions only, as GRDB's
/// `AppDatabase` does: each operation's effect, its audit line and its ledger change commit
/// together, so a crash leaves all or nothing of an operation and a replay does not duplicate.
public final class StateStore: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or ":memory:" for unit tests.
    public let path: String

    /// Opens (creating if needed) the database at `path` in WAL mode and migrates it.
    public convenience init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        if !folder.isEmpty,
            !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) || !isFolder.boolValue
        {
            throw StoreError(
                "state database \(path): folder \(folder) does not exist; create it or point `state:` in the config elsewhere"
            )
        }
        PrivateFiles.createIfMissing(path)
        let pool: DatabasePool
        do {
            pool = try Self.openPool(path)
        } catch {
            throw StoreError(
                "state database \(path) cannot be opened: \(Self.describe(error)); check that the file and its folder "
                    + "are writable by this user and that the file is an SQLite database")
        }
        try self.init(writer: pool, path: path)
    }

    /// An in-memory database for unit tests.
    public static func inMemory() throws -> StateStore {
        try StateStore(writer: DatabaseQueue(configuration: configuration()), path: ":memory:")
    }

    /// A database already open read-only and known to be at this binary's schema.
    init(readOnly writer: DatabaseQueue, path: String) throws {
        self.writer = writer
        self.path = path
    }

    init(writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        do {
            try Self.migrate(writer)
        } catch {
            throw StoreError(
                "state database \(path) cannot be migrated: \(Self.describe(error)); it may have been written by a newer "
                    + "dirsync: use that version or restore a backup")
        }
    }

    /// Opens the pool, waiting out another process that is switching the same new file to
    /// WAL at this moment (SQLite reports that as SQLITE_BUSY without calling the busy
    /// handler). Gives up after about 5 s, as the busy timeout would.
    static func openPool(_ path: String) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 250 {
                attempt += 1
                usleep(20_000)
            }
        }
    }

    /// Migrates, tolerating another process that migrates the same new file at the same
    /// moment (a `dirsync accounts` started beside the first `sync`): GRDB reads which
    /// migrations ran before it opens each migration's transaction, so the slower process
    /// can fail with "table already exists" after the faster one committed. It then simply
    /// re-reads and finds nothing (or only later migrations) left to do.
    static func migrate(_ writer: any DatabaseWriter) throws {
        var attempt = 0
        while true {
            do {
                try StateStoreMigrations.migrator.migrate(writer)
                return
            } catch {
                attempt += 1
                if attempt >= 20 { throw error }
                if try writer.read({ try StateStoreMigrations.migrator.hasCompletedMigrations($0) }) { return }
                usleep(10_000)  // the other process is still committing its migration
            }
        }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A second process (a `history` while `serve` writes) waits instead of failing at once.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // 16 MiB of page cache per connection: a larger cache made no sync faster and
            // raised a first sync's peak memory (Benchmarks/FINDINGS.md).
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // 16 KiB pages for a new database (an existing one keeps its size): a first
            // sync's rows then touch a quarter as many pages, and each commit writes
            // fewer WAL frames. Set before GRDB turns
            // WAL on, which fixes the page size of a new file.
            try db.execute(sql: "PRAGMA page_size = 16384")
            // Savepoints (one per batched op) keep their undo pages in memory, not a temp file.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return configuration
    }

    static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError { return databaseError.message ?? "\(databaseError.resultCode)" }
        return "\(error)"
    }

    /// Runs a read, turning database errors into a `StoreError` that says what was read.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrapping(error, doing: "reading \(what) from \(path)")
        }
    }

    /// Runs a write transaction, turning database errors into a `StoreError`.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrapping(error, doing: "\(what) in \(path)")
        }
    }
}
