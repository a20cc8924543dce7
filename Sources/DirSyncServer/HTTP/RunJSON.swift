import DirSyncCore
import DirSyncStore
import Foundation

/// A run as the API shows it (contract section 6): every key present, `finished_at` and
/// `message` null while they have no value, so clients can tell "not yet" from "missing".
struct RunJSON: Encodable {
    let run: RunRecord

    enum CodingKeys: String, CodingKey {
        case id, trigger, status, summary, failures, message
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run.id, forKey: .id)
        try container.encode(run.trigger, forKey: .trigger)
        try container.encode(run.status, forKey: .status)
        try container.encode(run.startedAt, forKey: .startedAt)
        try container.encode(run.finishedAt, forKey: .finishedAt)
        try container.encode(run.summary, forKey: .summary)
        try container.encode(run.failures, forKey: .failures)
        try container.encode(run.message, forKey: .message)
    }
}
