import DirSyncCore
import Foundation

@testable import DirSyncStore

/// Values shared by the store tests: whole-second dates (the database keeps milliseconds),
/// operation builders and temporary folders.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    static func create(
        _ username: String, identity: String? = nil, email: String? = nil, roles: [String] = ["viewer"],
        projects: [String: Permission] = ["apollo": .all], tags: [String] = []
    ) -> AccountOperation {
        AccountOperation(
            action: .create, username: username, email: email ?? "\(username)@example.com",
            displayName: username.capitalized, roles: roles, projects: projects, tags: tags, reason: "mapped",
            identity: identity ?? "id-\(username)")
    }

    static func op(
        _ action: AccountOperation.Action, _ username: String, key: String?, identity: String? = nil,
        email: String? = nil, roles: [String]? = nil, projects: [String: Permission]? = nil, tags: [String]? = nil
    ) -> AccountOperation {
        AccountOperation(
            action: action, username: username, email: email ?? "\(username)@example.com", roles: roles,
            projects: projects, tags: tags, reason: "test \(action.rawValue)", identity: identity, account: key)
    }

    static let emptySummary = Plan.Summary(counting: [])

    /// A fresh folder under the temporary directory; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
