/// A project membership's permission. Ordered so that `max` gives the winner when several
/// rules grant the same project: `all` beats `read-only`.
public enum Permission: String, Sendable, Codable, Hashable, Comparable, CaseIterable {
    case readOnly = "read-only"
    case all

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        lhs == .readOnly && rhs == .all
    }
}
