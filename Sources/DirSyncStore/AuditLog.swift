import DirSyncCore
import Foundation
import GRDB

/// Appends audit lines; runs inside the caller's transaction.
enum AuditLog {
    static func insert(
        _ db: Database, _ op: Operation, runID: Int64, at: DatabaseValue, accountKey: String?, before: Account?,
        after: Account?,
        result: String, error: String?, note: String? = nil
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR FAIL INTO audit (run_id, at, action, username, account_key, identity, reason, before, after, result, error, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            runID, at, op.action.rawValue, op.username, accountKey, op.identity, op.reason,
            before.map(AccountJSON.encode), after.map(AccountJSON.encode), result, error, note,
        ])
    }
}
