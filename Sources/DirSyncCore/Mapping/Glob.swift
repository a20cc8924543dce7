/// A case-insensitive shell-style pattern (`*` any run, `?` one character), as operators
/// write them for group names, attribute values and exclusions (`svc-*`, `*@partners.example.com`).
public struct Glob: Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    private let scalars: [Unicode.Scalar]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.scalars = Array(pattern.lowercased().unicodeScalars)
    }

    /// Whether the pattern contains a wildcard at all (otherwise it is a plain name).
    public static func isGlob(_ text: String) -> Bool {
        text.contains("*") || text.contains("?")
    }

    /// Whether `text` matches the whole pattern, ignoring case.
    public func matches(_ text: String) -> Bool {
        let t = Array(text.lowercased().unicodeScalars)
        let p = scalars
        var ti = 0, pi = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "*" {
                starP = pi
                starT = ti
                pi += 1
            } else if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                ti += 1
                pi += 1
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
