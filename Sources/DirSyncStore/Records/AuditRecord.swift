import DirSyncCore
import Foundation
import GRDB

/// One line of the audit log: one operation of one run, applied or failed, with the account
/// before and after, so an operator can answer "who changed alice, when, and why".
///
/// The one type for the `audit` table: read from its rows here (`before` and `after` are
/// stored as the account's JSON), written by `AuditLog` and `BulkCreate`, and encoded with
/// the contract's snake_case keys for `dirsync history`.
public struct AuditRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var runID: Int64
    public var at: Date
    public var action: AccountOperation.Action
    public var username: String
    public var accountKey: String?
    /// The ledger identity the operation concerned, when managed.
    public var identity: String?
    /// The operation's reason, for people.
    public var reason: String
    /// The account before the operation; nil for a create, or when the target did not say.
    public var before: Account?
    /// The account after the operation; nil for a delete, a failure, or when unknown.
    public var after: Account?
    /// "applied" or "failed".
    public var result: String
    public var error: String?
    /// Bookkeeping remarks, e.g. a replayed create that found its account already there.
    public var note: String?

    public init(
        id: Int64, runID: Int64, at: Date, action: AccountOperation.Action, username: String, accountKey: String?,
        identity: String? = nil, reason: String = "", before: Account?, after: Account?, result: String,
        error: String?, note: String? = nil
    ) {
        self.id = id
        self.runID = runID
        self.at = at
        self.action = action
        self.username = username
        self.accountKey = accountKey
        self.identity = identity
        self.reason = reason
        self.before = before
        self.after = after
        self.result = result
        self.error = error
        self.note = note
    }

    /// The two values of `result`.
    public static let applied = "applied"
    public static let failed = "failed"

    enum CodingKeys: String, CodingKey {
        case id
        case runID = "run_id"
        case at, action, username
        case accountKey = "account_key"
        case identity, reason, before, after, result, error, note
    }
}

extension AuditRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "audit"

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let runID = Column(CodingKeys.runID)
    }

    /// A row of `audit`; throws when it holds an action this binary does not know.
    public init(row: Row) throws {
        let id: Int64 = try row.decode(forColumn: Columns.id)
        let actionText: String = try row.decode(forColumn: CodingKeys.action.rawValue)
        guard let action = AccountOperation.Action(rawValue: actionText) else {
            throw StoreError("state database: audit row \(id) has unknown action '\(actionText)'")
        }
        let before: String? = try row.decode(forColumn: CodingKeys.before.rawValue)
        let after: String? = try row.decode(forColumn: CodingKeys.after.rawValue)
        self.init(
            id: id, runID: try row.decode(forColumn: Columns.runID), at: try row.decode(forColumn: CodingKeys.at.rawValue),
            action: action, username: try row.decode(forColumn: CodingKeys.username.rawValue),
            accountKey: try row.decode(forColumn: CodingKeys.accountKey.rawValue),
            identity: try row.decode(forColumn: CodingKeys.identity.rawValue),
            reason: try row.decode(forColumn: CodingKeys.reason.rawValue),
            before: try before.map { try StoreJSON.decode(Account.self, from: $0) },
            after: try after.map { try StoreJSON.decode(Account.self, from: $0) },
            result: try row.decode(forColumn: CodingKeys.result.rawValue),
            error: try row.decode(forColumn: CodingKeys.error.rawValue),
            note: try row.decode(forColumn: CodingKeys.note.rawValue))
    }
}
