/// Where a sync run stands, as `history` and `GET /v1/runs` report it (contract section 6).
///
/// `interrupted` marks a run whose process died mid-way; the next sync finds it still
/// `running` while holding the lock, so nobody can still be working on it.
public enum RunStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case queued, running, succeeded, partial, refused, failed, interrupted, locked
}
