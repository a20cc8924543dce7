import DirSyncCore
import Foundation

/// One line of the audit log: one operation of one run, applied or failed, with the account
/// before and after, so an operator can answer "who changed alice, when, and why".
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
