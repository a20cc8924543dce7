import Foundation

/// The Standard Webhooks ids accepted in the last ten minutes: senders retry a delivery they
/// think was lost, and a retry must not start a second sync (contract section 6).
///
/// Only ids of deliveries whose signature passed are remembered, so strangers cannot fill it.
/// Its window outlasts the 300 s timestamp tolerance either way, so a replay that would pass
/// the signature check always finds its id here.
public struct ReplayMemory: Sendable {
    public var window: TimeInterval
    private var accepted: [String: Date] = [:]

    public init(window: TimeInterval = 600) {
        self.window = window
    }

    /// Whether `id` was accepted within the window before `now`; remembers it if not.
    public mutating func isReplay(_ id: String, now: Date) -> Bool {
        accepted = accepted.filter { now.timeIntervalSince($0.value) < window }
        if accepted[id] != nil { return true }
        accepted[id] = now
        return false
    }
}
