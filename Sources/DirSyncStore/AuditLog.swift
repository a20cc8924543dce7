import DirSyncCore
import Foundation
import GRDB

/// Appends audit lines; runs inside the caller's transaction.
enum AuditLog {
    static func insert(
        _ db: Database, _ op: AccountOperation, runID: Int64, at: DatabaseValue, accountKey: String?, before: Account?,
        after: Account?,
        result: String, error: String?, note: String? = nil
    ) throws {
        // `at` is GRDB's text form of the run's date; bound as that text, as GRDB would.
        let atText = String.fromDatabaseValue(at)
        try RawWrite.run(
            db,
            """
            INSERT OR FAIL INTO audit (run_id, at, action, username, account_key, identity, reason, before, after, result, error, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ) {
            $0.integer(runID)
            $0.text(atText)
            $0.text(op.action.rawValue)
            $0.text(op.username)
            $0.text(accountKey)
            $0.text(op.identity)
            $0.text(op.reason)
            $0.text(before.map(AccountJSON.encode))
            $0.text(after.map(AccountJSON.encode))
            $0.text(result)
            $0.text(error)
            $0.text(note)
        }
    }
}
