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
        guard FileManager.default.fileExists(atPath: settings.statePath) else { return [] }
        do {
            let store = try StateStore(path: settings.statePath)
            return try store.runs(limit: limit).map { RunHistoryEntry(run: $0, operations: try store.auditRecords(runID: $0.id)) }
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the state database \(settings.statePath): \(error)")
        }
    }
}
