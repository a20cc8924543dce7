import GRDB

extension StateStore {
    /// WAL size at which a long apply waits for the background checkpoint to catch up
    /// (the file is rewound after that, so it stays near this size).
    static let backgroundCheckpointWALLimit = 64 << 20

    /// Runs a long series of write transactions (`body`, which calls `committed` after each
    /// one) with WAL checkpoints on another thread (`BackgroundCheckpoint`). An in-memory
    /// database has no WAL: `body` simply runs.
    func withBackgroundCheckpoints<T>(
        walLimitBytes: Int = StateStore.backgroundCheckpointWALLimit, _ body: (_ committed: () -> Void) throws -> T
    ) throws -> T {
        guard writer is DatabasePool else { return try body({}) }
        let checkpoint: BackgroundCheckpoint
        do {
            checkpoint = try BackgroundCheckpoint(path: path, walLimitBytes: walLimitBytes)
            try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        } catch {
            throw StoreError.wrapping(error, doing: "preparing checkpoints in \(path)")
        }
        defer {
            checkpoint.finish()
            // Back to SQLite's default; if even this fails the connection only checkpoints
            // when it closes, which it does at the end of the command.
            try? writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 1000") }
        }
        return try body(checkpoint.committed)
    }
}
