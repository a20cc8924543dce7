import GRDB

/// A row of `account_tags`: one tag an account carries.
struct AccountTagRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account_tags"

    var accountKey: String
    var tag: String

    enum CodingKeys: String, CodingKey {
        case accountKey = "account_key"
        case tag
    }
}
