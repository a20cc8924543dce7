/// Every problem found in the config and mapping files, thrown at once so that an operator
/// fixes them in one round instead of one per run.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// Sorted by file, line and column; duplicates removed.
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        var seen = Set<ConfigProblem>()
        self.problems = problems.filter { seen.insert($0).inserted }.sorted(by: ConfigProblem.precedes)
    }

    /// One problem per line, in file order.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
