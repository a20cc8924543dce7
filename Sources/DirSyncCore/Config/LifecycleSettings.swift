/// What happens to an account whose person is gone from every source, and to a deactivated
/// account's project memberships.
public struct LifecycleSettings: Sendable, Hashable {
    public var deleteAfter: DeleteAfter
    public var onDeactivate: OnDeactivate

    public init(deleteAfter: DeleteAfter = .after(seconds: 30 * 86_400), onDeactivate: OnDeactivate = .removeProjects) {
        self.deleteAfter = deleteAfter
        self.onDeactivate = onDeactivate
    }

    /// Whether a deactivation also takes the account out of its projects. By default it
    /// does: an inactive account that stays a project member is shown there as a stale
    /// member; a reactivation grants the memberships again from the mapping.
    public enum OnDeactivate: String, Sendable, Hashable, CaseIterable {
        case removeProjects = "remove_projects"
        case keep
    }

    /// The grace between deactivation and deletion.
    public enum DeleteAfter: Sendable, Hashable {
        /// Delete once gone this long; 0 deletes at once.
        case after(seconds: Double)
        /// Keep the account inactive for ever.
        case never
    }
}

/// The guards that stop a plan that would change too much at once.
public struct SafetySettings: Sendable, Hashable {
    public var maxDeactivations: Limit
    public var maxDeletions: Limit
    /// Updates and adoptions that remove at least one role or project membership: a mapping
    /// mistake must not strip everyone's access in one run.
    public var maxAccessRemovals: Limit

    public init(maxDeactivations: Limit = .percent(10), maxDeletions: Limit = .percent(10), maxAccessRemovals: Limit = .percent(10)) {
        self.maxDeactivations = maxDeactivations
        self.maxDeletions = maxDeletions
        self.maxAccessRemovals = maxAccessRemovals
    }

    /// A number of accounts, or a share of the managed accounts.
    public enum Limit: Sendable, Hashable, CustomStringConvertible {
        case count(Int)
        case percent(Double)

        /// The largest allowed count for this many managed accounts; a percentage never
        /// allows fewer than 5, so a small installation is not locked out by rounding.
        public func allowed(managed: Int) -> Int {
            switch self {
            case .count(let n): return n
            case .percent(let p): return max(5, Int((Double(managed) * p / 100).rounded(.down)))
            }
        }

        public var description: String {
            switch self {
            case .count(let n): return "\(n)"
            case .percent(let p): return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
            }
        }
    }
}

/// Settings of `dirsync serve`.
///
/// Secrets stay files here (read by the daemon at start and on reload), so `validate`, `plan`
/// and a oneshot `sync` never need the webhook or API credentials.
public struct ServerSettings: Sendable, Hashable {
    public var listen: String
    /// A cron expression in local time; nightly at 02:00 by default.
    public var schedule: String
    /// Up to this many seconds are added at random to each scheduled run (0: none), so a
    /// fleet of daemons does not hit the directory at the same minute.
    public var randomDelay: Double
    /// Secret of dirsync's own webhook signatures (`X-Dirsync-Signature`).
    public var webhookSecretFile: String?
    /// `whsec_<base64>` secret of Standard Webhooks signatures (`webhook-signature`).
    public var standardWebhookSecretFile: String?
    public var apiTokenFile: String?

    public init(
        listen: String = "127.0.0.1:8089", schedule: String = "0 2 * * *", randomDelay: Double = 0,
        webhookSecretFile: String? = nil, standardWebhookSecretFile: String? = nil, apiTokenFile: String? = nil
    ) {
        self.listen = listen
        self.schedule = schedule
        self.randomDelay = randomDelay
        self.webhookSecretFile = webhookSecretFile
        self.standardWebhookSecretFile = standardWebhookSecretFile
        self.apiTokenFile = apiTokenFile
    }
}
