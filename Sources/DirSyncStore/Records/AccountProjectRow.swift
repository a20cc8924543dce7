import GRDB

/// A row of `account_projects`: one project membership, a real row so a delete visibly
/// removes it (the order a SCIM application needs too: memberships before the user).
struct AccountProjectRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account_projects"

    var accountKey: String
    var project: String
    var permission: String

    enum CodingKeys: String, CodingKey {
        case accountKey = "account_key"
        case project, permission
    }
}
