/// The port every target (the embedded store, a SCIM application) implements.
///
/// The engine reads and applies only through it, so a new target is one adapter and one
/// line in the engine's `TargetFactory`; the planner and the guards never see which target
/// they work for.
///
/// Recording is part of the port's promise: by the time `apply` reports an operation, its
/// ledger change and audit line are written. A remote target writes them through the
/// `ApplyJournal` it is handed, as soon as the application confirms each operation; the
/// embedded store writes them in the same transaction as the operation's effect. Either
/// way a crash never leaves an applied operation unrecorded for long: the next sync finds
/// the account (by its ledger entry, or by `externalId` on a remote target) and converges.
public protocol AccountTarget: Sendable {
    /// Every account the target holds, managed or not; throws (a `TargetError`) when it
    /// cannot list them all, since a partial list would make present accounts look gone.
    func readAccounts() async throws -> [Account]

    /// Applies `operations` in the order given, answering for each one in order through
    /// `report`, a chunk at a time as the chunks are done and recorded. Throws only when it
    /// cannot go on at all (the database or the application became unreachable): what it
    /// reported before stays applied and recorded.
    ///
    /// `progress`, for a target whose chunks take long (an application over HTTP), is told
    /// between reports how many operations of the chunk in flight the target has carried
    /// out so far (not yet recorded), so that progress moves every few seconds.
    func apply(
        _ operations: [AccountOperation], in run: ApplyRun, journal: any ApplyJournal,
        report: (AppliedChunk) -> Void, progress: (Int) -> Void
    ) async throws
}

/// Why the target could not be read completely. Maps to exit code 2: nothing is changed.
public struct TargetError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "target: \(message)" }
}
