import GRDB

/// A row of `account_roles`: one role an account holds.
struct AccountRoleRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account_roles"

    var accountKey: String
    var role: String

    enum CodingKeys: String, CodingKey {
        case accountKey = "account_key"
        case role
    }
}
