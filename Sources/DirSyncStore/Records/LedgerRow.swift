import DirSyncCore
import Foundation
import GRDB

/// A row of `ledger`: dirsync manages `account_key` on behalf of `identity`.
struct LedgerRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "ledger"

    var identity: String
    var accountKey: String
    var goneSince: Date?

    enum CodingKeys: String, CodingKey {
        case identity
        case accountKey = "account_key"
        case goneSince = "gone_since"
    }

    enum Columns {
        static let identity = Column(CodingKeys.identity)
        static let accountKey = Column(CodingKeys.accountKey)
    }

    init(_ entry: LedgerEntry) {
        identity = entry.identity
        accountKey = entry.accountKey
        goneSince = entry.goneSince
    }

    var entry: LedgerEntry { LedgerEntry(identity: identity, accountKey: accountKey, goneSince: goneSince) }
}
