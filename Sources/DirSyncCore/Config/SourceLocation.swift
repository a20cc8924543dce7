/// Where a value was written: every config error and every rule `explain` shows points here.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`, the form editors and CI annotate.
    public var description: String { "\(file):\(line):\(column)" }
}
