import GRDB

/// A row of `accounts`: the scalar part of an embedded-store account.
struct AccountRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "accounts"

    var key: String
    var username: String
    var email: String?
    var displayName: String?
    var status: String

    enum CodingKeys: String, CodingKey {
        case key, username, email
        case displayName = "display_name"
        case status
    }

    enum Columns {
        static let key = Column(CodingKeys.key)
        static let username = Column(CodingKeys.username)
    }
}
