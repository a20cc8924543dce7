/// Why the daemon cannot start (or reload): every problem, one per line.
public struct ServerSetupError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "\n") }
}
