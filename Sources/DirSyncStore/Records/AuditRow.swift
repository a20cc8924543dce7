import DirSyncCore
import Foundation
import GRDB

/// A row of `audit`; `before` and `after` hold the account as JSON.
struct AuditRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"

    var id: Int64?
    var runID: Int64
    var at: Date
    var action: String
    var username: String
    var accountKey: String?
    var identity: String?
    var reason: String
    var before: String?
    var after: String?
    var result: String
    var error: String?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id
        case runID = "run_id"
        case at, action, username
        case accountKey = "account_key"
        case identity, reason, before, after, result, error, note
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let runID = Column(CodingKeys.runID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func record() throws -> AuditRecord {
        guard let id, let action = AccountOperation.Action(rawValue: action) else {
            throw StoreError("state database: audit row \(id.map(String.init) ?? "?") has unknown action '\(action)'")
        }
        return AuditRecord(
            id: id, runID: runID, at: at, action: action, username: username, accountKey: accountKey,
            identity: identity, reason: reason,
            before: try before.map { try StoreJSON.decode(Account.self, from: $0) },
            after: try after.map { try StoreJSON.decode(Account.self, from: $0) },
            result: result, error: error, note: note
        )
    }
}
