import DirSyncCore
import DirSyncStore
import Foundation

/// A past run with its audited operations, as `dirsync history` shows it.
public struct RunHistoryEntry: Sendable, Codable {
    public var run: RunRecord
    public var operations: [AuditRecord]
}

/// Reads past runs without creating the state database.
public enum HistoryReader {
    public static func read(_ settings: DirSyncSettings, limit: Int) throws -> [RunHistoryEntry] {
        try ExistingState.read(settings, empty: []) { store in
            try store.runs(limit: limit).map { RunHistoryEntry(run: $0, operations: try store.auditRecords(runID: $0.id)) }
        }
    }
}
