import Foundation
import GRDB

/// Copies committed WAL frames into the database file on another thread while a long apply
/// keeps writing on its own.
///
/// Why: SQLite checkpoints on the writing connection by default, each time the WAL passes
/// 1,000 pages; in a long first sync that work sat on the apply's single thread while
/// another core was idle. Here the writer's automatic checkpoint
/// is off for the duration, and after each commit a PASSIVE checkpoint (which never waits
/// for a lock and never blocks the writer) runs on a connection of its own. Whatever is left
/// is checkpointed as usual by the writer afterwards.
///
/// Why a serial dispatch queue and not a task: a checkpoint is a blocking SQLite call on a
/// connection of its own, and the writer waits for it synchronously (`committed`,
/// `finish`) from inside its own blocking transaction code; neither belongs on Swift's
/// cooperative pool.
///
/// The WAL cannot start over while a checkpoint trails the writer, so it grows during the
/// apply: once it passes `walLimitBytes` the writer waits for the running checkpoint, and
/// its next transaction rewinds the WAL.
final class BackgroundCheckpoint: @unchecked Sendable {
    private let connection: DatabaseQueue
    private let queue = DispatchQueue(label: "dirsync.checkpoint")
    private let walLimitFrames: Int
    private let lock = NSLock()
    /// Checkpoints asked for and not finished: one running, at most one waiting behind it.
    private var pending = 0
    /// Frames in the WAL when the last checkpoint ran (it starts over from 0 on a rewind).
    private var walFrames = 0
    /// Times the writer waited for a checkpoint (the WAL past its limit).
    private(set) var waits = 0

    init(path: String, walLimitBytes: Int) throws {
        var configuration = Configuration()
        configuration.label = "dirsync.checkpoint"
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let pageSize = try connection.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
        walLimitFrames = max(1, walLimitBytes / max(1, pageSize))
    }

    /// After a commit: checkpoint what is committed, on the checkpoint thread. Returns at
    /// once unless the WAL has outgrown its limit; then it waits for the checkpoint, so
    /// that the writer's next transaction finds the WAL copied and rewinds it.
    func committed() {
        lock.lock()
        let queued = pending < 2
        if queued { pending += 1 }
        let tooLong = walFrames > walLimitFrames
        lock.unlock()
        if queued {
            queue.async {
                // A failed passive checkpoint leaves its frames to the next one, or to the
                // writer's own checkpoint at the end: nothing is lost, nothing to report.
                let frames = try? self.connection.writeWithoutTransaction { try $0.checkpoint(.passive) }.walFrameCount
                self.lock.lock()
                self.pending -= 1
                if let frames { self.walFrames = frames }
                self.lock.unlock()
            }
        }
        if tooLong {
            queue.sync {}
            lock.lock()
            walFrames = 0  // all copied: the writer's next transaction rewinds the WAL
            waits += 1
            lock.unlock()
        }
    }

    /// Waits for the checkpoints asked for so far.
    func finish() {
        queue.sync {}
    }
}
