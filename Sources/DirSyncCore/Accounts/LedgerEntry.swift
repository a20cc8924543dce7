import Foundation

/// The state database's record that dirsync manages an account, and for whom.
///
/// Only accounts with a ledger entry are ever deactivated or deleted. The entry ties the
/// account to the person's immutable identity, so a rename is an update and not a loss.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// `DirectoryUser.identity` of the entry the account was created or adopted for.
    public var identity: String
    /// `Account.key` of the managed account.
    public var accountKey: String
    /// When the person was first seen missing from every source; nil while present.
    public var goneSince: Date?

    public init(identity: String, accountKey: String, goneSince: Date? = nil) {
        self.identity = identity
        self.accountKey = accountKey
        self.goneSince = goneSince
    }
}
