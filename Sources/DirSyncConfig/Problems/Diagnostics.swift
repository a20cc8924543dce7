import DirSyncCore

/// Collects the problems of one load; passed by reference through every reader so that
/// each one reports and carries on instead of stopping at the first problem.
final class Diagnostics {
    private(set) var problems: [ConfigProblem] = []

    func report(_ problem: ConfigProblem) { problems.append(problem) }

    func report(_ message: String, at location: SourceLocation?, file: String) {
        if let location {
            problems.append(ConfigProblem(location: location, message: message))
        } else {
            problems.append(ConfigProblem(file: file, message: message))
        }
    }

    func absorb(_ other: [ConfigProblem]) { problems.append(contentsOf: other) }

    var isEmpty: Bool { problems.isEmpty }

    /// Throws every collected problem, if there is any.
    func throwIfAny() throws {
        if !problems.isEmpty { throw ConfigErrors(problems: problems) }
    }
}
