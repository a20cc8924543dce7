import GRDB

/// Why the state database refused or failed an operation.
///
/// The message names what failed and what to do next; the engine records it in the audit
/// log as the operation's error and carries on with the rest of the plan.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// Wraps any error met while writing, keeping a `StoreError`'s own message.
    static func wrapping(_ error: any Error, doing what: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let databaseError = error as? DatabaseError {
            let detail = databaseError.message ?? "\(databaseError.resultCode)"
            return StoreError("state database: \(what) failed: \(detail)")
        }
        return StoreError("state database: \(what) failed: \(error)")
    }
}
