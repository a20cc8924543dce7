import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// A temporary folder per test, removed when the test's value goes away.
final class TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("dirsync-config-\(UUID().uuidString)").standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` (sub-folders created) and returns the absolute path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = self.file(name)
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func mkdir(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: file(name), withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// The descriptions of the problems `body` throws; fails the test when it throws nothing else.
func problems<T>(_ body: () throws -> T, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    do {
        _ = try body()
        Issue.record("expected ConfigErrors, but loading succeeded", sourceLocation: sourceLocation)
        return []
    } catch let errors as ConfigErrors {
        return errors.problems.map(\.description)
    } catch {
        Issue.record("expected ConfigErrors, got \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// A minimal valid LDAP source block for configs that test something else.
let minimalSource = """
    sources:
      - name: corp
        type: ldap
        url: ldap://127.0.0.1:3890
        users: { base: "ou=people,dc=example,dc=com" }
    """
