import DirSyncCore
import Foundation
import GRDB

/// One sync run as the state database remembers it: what started it, how it ended, what it did.
///
/// The one type for the `runs` table: read from its rows here (the summary is stored as a
/// JSON object with the contract's action keys), written by `StateStore+Runs`. Encodes as
/// the contract's run (sections 3 and 6): snake_case keys, every key present, `finished_at`
/// and `message` null while they have no value, so `history --format json` and the HTTP
/// API serve it as it is and clients can tell "not yet" from "missing".
public struct RunRecord: Codable, Sendable, Equatable {
    public var id: Int64
    /// What started the run: "cli", "schedule", "webhook", …
    public var trigger: String
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// Counts per action of what was applied (or planned, for a refused run).
    public var summary: Plan.Summary
    /// How many operations failed.
    public var failures: Int
    /// A line for people: why it was refused or failed, or the closing summary.
    public var message: String?

    public init(
        id: Int64, trigger: String, status: RunStatus, startedAt: Date, finishedAt: Date?,
        summary: Plan.Summary, failures: Int, message: String?
    ) {
        self.id = id
        self.trigger = trigger
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.summary = summary
        self.failures = failures
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case id, trigger, status
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case summary, failures, message
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(trigger, forKey: .trigger)
        try container.encode(status, forKey: .status)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(summary, forKey: .summary)
        try container.encode(failures, forKey: .failures)
        try container.encode(message, forKey: .message)
    }
}

extension RunRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "runs"

    public enum Columns {
        public static let id = Column(CodingKeys.id)
    }

    /// A row of `runs`; throws when it holds a status this binary does not know.
    public init(row: Row) throws {
        let id: Int64 = try row.decode(forColumn: Columns.id)
        let statusText: String = try row.decode(forColumn: CodingKeys.status.rawValue)
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError("state database: run \(id) has unknown status '\(statusText)'")
        }
        let summary: String = try row.decode(forColumn: CodingKeys.summary.rawValue)
        self.init(
            id: id, trigger: try row.decode(forColumn: CodingKeys.trigger.rawValue), status: status,
            startedAt: try row.decode(forColumn: CodingKeys.startedAt.rawValue),
            finishedAt: try row.decode(forColumn: CodingKeys.finishedAt.rawValue),
            summary: try StoreJSON.decode(Plan.Summary.self, from: summary),
            failures: try row.decode(forColumn: CodingKeys.failures.rawValue),
            message: try row.decode(forColumn: CodingKeys.message.rawValue))
    }
}
