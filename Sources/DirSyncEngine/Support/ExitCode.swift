/// The process exit codes of the contract (section 5); scripts and systemd rely on them.
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// Invalid command line, config or mapping; nothing was contacted.
    case invalidInput = 1
    /// A source or the target could not be read completely; nothing was changed.
    case readFailed = 2
    /// A safety guard refused the plan; nothing was changed.
    case refused = 3
    /// Applied, but some operations failed; every failure is recorded.
    case partial = 4
    /// Another sync holds the state database; nothing was changed.
    case locked = 5
}

/// An error that ends a command with a specific exit code and a message for the operator.
///
/// Every failure path of the engine ends in one of these, so the CLI only has to print the
/// message and exit with the code.
public struct DirSyncFailure: Error, Sendable, CustomStringConvertible {
    public var code: ExitCode
    public var message: String

    public init(_ code: ExitCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
