import DirSyncCore

/// An account as `dirsync accounts` shows it (contract section 3).
public struct AccountView: Sendable, Codable, Equatable {
    public var username: String
    public var email: String?
    public var displayName: String?
    public var status: AccountStatus
    public var roles: [String]
    public var projects: [String: Permission]
    public var tags: [String]
    public var managed: Bool

    enum CodingKeys: String, CodingKey {
        case username, email
        case displayName = "display_name"
        case status, roles, projects, tags, managed
    }
}

/// Lists the target's accounts with whether dirsync manages each.
public enum AccountListing {
    public static func list(_ settings: DirSyncSettings) throws -> [AccountView] {
        let (accounts, ledger) = try AccountReader.read(settings)
        let managedKeys = Set(ledger.map(\.accountKey))
        return accounts.sorted { $0.username < $1.username }.map {
            AccountView(
                username: $0.username, email: $0.email, displayName: $0.displayName, status: $0.status,
                roles: $0.roles.sorted(), projects: $0.projects, tags: $0.tags.sorted(),
                managed: managedKeys.contains($0.key)
            )
        }
    }
}
