import DirSyncCore
import Foundation

/// One sync run as the state database remembers it: what started it, how it ended, what it did.
///
/// Encodes with the contract's snake_case keys so the HTTP API can serve it as it is.
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
}
