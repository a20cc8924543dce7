import DirSyncCore
import Foundation
import Logging

/// Reads every configured source, in order, all or nothing.
///
/// One failing source fails the whole read (exit 2): merging a partial directory would make
/// everyone in the missing part look like a leaver.
public enum DirectoryReader {
    public static func read(_ settings: DirSyncSettings, logger: Logger) async throws -> [DirectorySnapshot] {
        var snapshots: [DirectorySnapshot] = []
        for source in settings.sources {
            let adapter = try SourceFactory.make(source)
            let started = Date()
            do {
                let snapshot = try await adapter.readSnapshot()
                let seconds = Date().timeIntervalSince(started)
                logger.info(
                    "read source '\(source.name)': \(snapshot.users.count) users, \(snapshot.groups.count) groups in \(String(format: "%.2f", seconds)) s"
                )
                for warning in snapshot.warnings { logger.warning("\(warning)") }
                snapshots.append(snapshot)
            } catch let error as DirSyncFailure {
                throw error
            } catch {
                throw DirSyncFailure(
                    .readFailed,
                    "could not read source '\(source.name)' completely: \(error)\nNothing was changed. Fix the source (or its settings in \(settings.configPath)) and run again."
                )
            }
        }
        return snapshots
    }
}
