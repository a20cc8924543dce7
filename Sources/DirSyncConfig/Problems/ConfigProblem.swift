import DirSyncCore

/// One thing wrong with a config or mapping file, pinned to where it was written so that
/// an operator (or an editor reading `FILE:LINE:COL`) can jump straight to it.
public struct ConfigProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is; nil when it concerns a whole file (missing, unreadable, empty).
    public var location: SourceLocation?
    /// What is wrong and, where possible, what to write instead.
    public var message: String
    /// The file a location-less problem concerns; ignored when `location` is set.
    public var file: String?

    public init(location: SourceLocation?, message: String) {
        self.location = location
        self.message = message
        self.file = location?.file
    }

    /// A problem with a whole file rather than a place in it.
    public init(file: String, message: String) {
        self.location = nil
        self.message = message
        self.file = file
    }

    /// `FILE:LINE:COL: message`, or `FILE: message` when there is no line.
    public var description: String {
        if let location { return "\(location): \(message)" }
        if let file { return "\(file): \(message)" }
        return message
    }

    /// Orders problems by file, line and column, as a compiler lists them.
    static func precedes(_ a: ConfigProblem, _ b: ConfigProblem) -> Bool {
        let fa = a.location?.file ?? a.file ?? "", fb = b.location?.file ?? b.file ?? ""
        if fa != fb { return fa < fb }
        let la = a.location?.line ?? 0, lb = b.location?.line ?? 0
        if la != lb { return la < lb }
        let ca = a.location?.column ?? 0, cb = b.location?.column ?? 0
        if ca != cb { return ca < cb }
        return a.message < b.message
    }
}
