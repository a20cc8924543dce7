import Foundation
import GRDB

/// Ledger writes shared by the domain transactions; run inside the caller's transaction.
enum Ledger {
    /// The account key recorded for `identity`, if managed.
    static func accountKey(_ db: Database, identity: String) throws -> String? {
        try RawRows.firstText(db, "SELECT account_key FROM ledger WHERE identity = ?", identity)
    }

    /// An identity whose entry names `accountKey` (the smallest, if several), if managed.
    static func identity(_ db: Database, accountKey: String) throws -> String? {
        try RawRows.firstText(db, "SELECT min(identity) FROM ledger WHERE account_key = ?", accountKey)
    }

    /// Whether some identity's entry names `accountKey`.
    static func isManaged(_ db: Database, accountKey: String) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM ledger WHERE account_key = ?)"),
            arguments: [accountKey]
        ) ?? false
    }

    /// Ties `identity` to `key` and clears `goneSince`: the person is present in a source.
    static func upsertPresent(_ db: Database, identity: String, key: String) throws {
        try RawWrite.run(
            db,
            """
            INSERT OR FAIL INTO ledger (identity, account_key, gone_since) VALUES (?, ?, NULL)
            ON CONFLICT (identity) DO UPDATE SET account_key = excluded.account_key, gone_since = NULL
            """
        ) {
            $0.text(identity)
            $0.text(key)
        }
    }

    /// Forgets a deleted account, by identity and by key (either may be absent).
    static func remove(_ db: Database, identity: String?, accountKey: String?) throws {
        if let identity {
            try db.cachedStatement(sql: "DELETE FROM ledger WHERE identity = ?").execute(arguments: [identity])
        }
        if let accountKey {
            try db.cachedStatement(sql: "DELETE FROM ledger WHERE account_key = ?").execute(arguments: [accountKey])
        }
    }
}
