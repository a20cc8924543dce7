import DirSyncCore
import Foundation
import GRDB

/// A row of `runs`. The summary is a JSON object with the contract's action keys.
struct RunRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "runs"

    var id: Int64?
    var trigger: String
    var status: String
    var startedAt: Date
    var finishedAt: Date?
    var summary: String
    var failures: Int
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, trigger, status
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case summary, failures, message
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func record() throws -> RunRecord {
        guard let id, let status = RunStatus(rawValue: status) else {
            throw StoreError("state database: run \(id.map(String.init) ?? "?") has unknown status '\(status)'")
        }
        return RunRecord(
            id: id, trigger: trigger, status: status, startedAt: startedAt, finishedAt: finishedAt,
            summary: try StoreJSON.decode(Plan.Summary.self, from: summary), failures: failures, message: message
        )
    }
}
