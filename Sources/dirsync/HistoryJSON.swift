import DirSyncCore
import DirSyncEngine
import Foundation

/// `dirsync history --format json` as contract section 3 states it: every key present, an
/// absent value as `null`, so a script reads `.run.finished_at` or `.operations[].error`
/// without asking first whether the key is there (synthesised `Codable` would omit them).
///
/// The view lives here, not on the store's records: those are the state database's
/// business, this is the command's output.
struct HistoryJSON: Encodable {
    let entry: RunHistoryEntry

    enum Keys: String, CodingKey { case run, operations }

    enum OperationKeys: String, CodingKey {
        case id, at, action, username, identity, reason, before, after, result, error, note
        case runID = "run_id"
        case accountKey = "account_key"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(entry.run, forKey: .run)  // every key, null where absent (RunRecord)

        var operations = container.nestedUnkeyedContainer(forKey: .operations)
        for record in entry.operations {
            var op = operations.nestedContainer(keyedBy: OperationKeys.self)
            try op.encode(record.id, forKey: .id)
            try op.encode(record.runID, forKey: .runID)
            try op.encode(record.at, forKey: .at)
            try op.encode(record.action, forKey: .action)
            try op.encode(record.username, forKey: .username)
            try op.encode(record.accountKey, forKey: .accountKey)
            try op.encode(record.identity, forKey: .identity)
            try op.encode(record.reason, forKey: .reason)
            try op.encode(record.before.map(AccountJSON.init), forKey: .before)
            try op.encode(record.after.map(AccountJSON.init), forKey: .after)
            try op.encode(record.result, forKey: .result)
            try op.encode(record.error, forKey: .error)
            try op.encode(record.note, forKey: .note)
        }
    }

    /// An audited account before or after its operation, with every key present.
    struct AccountJSON: Encodable {
        let account: Account

        enum Keys: String, CodingKey {
            case key, username, email, status, roles, projects, tags
            case displayName = "display_name"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(account.key, forKey: .key)
            try container.encode(account.username, forKey: .username)
            try container.encode(account.email, forKey: .email)
            try container.encode(account.displayName, forKey: .displayName)
            try container.encode(account.status, forKey: .status)
            try container.encode(account.roles, forKey: .roles)
            try container.encode(account.projects, forKey: .projects)
            try container.encode(account.tags, forKey: .tags)
        }
    }
}
