import DirSyncCore
import DirSyncStore
import Foundation

/// A past run with its audited operations, as `dirsync history` shows it.
public struct RunHistoryEntry: Sendable, Codable {
    public var run: RunRecord
    public var operations: [AuditRecord]
}

/// Reads past runs, changing nothing (no database yet: no runs).
public enum HistoryReader {
    public static func read(_ settings: DirSyncSettings, limit: Int) throws -> [RunHistoryEntry] {
        let state = try StateDatabase.openReadOnly(settings)
        do {
            return try state.runs(limit: limit).map {
                RunHistoryEntry(run: $0, operations: try state.auditRecords(runID: $0.id))
            }
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the history from \(settings.statePath): \(error)")
        }
    }
}
