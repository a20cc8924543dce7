/// The port every target (the embedded store, a SCIM application) implements.
///
/// The planner works on `Account` values; a target only has to list them and carry out one
/// operation at a time, so adding a target touches nothing in the core.
public protocol AccountTarget: Sendable {
    /// Every account the target holds, managed or not; throws if it cannot list them all.
    func readAccounts() async throws -> [Account]
}

/// Why the target could not be read completely. Maps to exit code 2: nothing is changed.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "target: \(message)" }
}
