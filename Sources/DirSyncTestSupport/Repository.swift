import Foundation

/// The checkout the tests run from, for the files they need beside the code: the venv's
/// peers, the example configs, the built binary.
public enum Repository {
    /// Sources/DirSyncTestSupport/Repository.swift → the package root.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
