/// A case-insensitive shell-style pattern (`*` any run, `?` one character), as operators
/// write them for group names, attribute values and exclusions (`svc-*`, `*@partners.example.com`).
///
/// Exclusions run on every user's username and email, so ASCII text is matched on its
/// bytes without allocating; other text falls back to lower-cased Unicode scalars.
public struct Glob: Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    private let scalars: [Unicode.Scalar]
    /// The lower-cased pattern's bytes when it is ASCII.
    private let asciiBytes: [UInt8]?

    public init(_ pattern: String) {
        self.pattern = pattern
        let lowered = pattern.lowercased()
        self.scalars = Array(lowered.unicodeScalars)
        self.asciiBytes = lowered.utf8.allSatisfy { $0 < 0x80 } ? Array(lowered.utf8) : nil
    }

    /// Whether the pattern contains a wildcard at all (otherwise it is a plain name).
    public static func isGlob(_ text: String) -> Bool {
        text.contains("*") || text.contains("?")
    }

    /// Whether `text` matches the whole pattern, ignoring case.
    public func matches(_ text: String) -> Bool {
        if let pattern = asciiBytes {
            var text = text
            let result = text.withUTF8 { buffer -> Bool? in
                guard buffer.allSatisfy({ $0 < 0x80 }) else { return nil }
                return Self.match(pattern, buffer, star: UInt8(ascii: "*"), question: UInt8(ascii: "?")) {
                    ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0
                }
            }
            if let result { return result }
        }
        return Self.match(scalars, Array(text.lowercased().unicodeScalars), star: "*", question: "?") { $0 }
    }

    /// Iterative wildcard matching with single-star backtracking: linear for typical patterns.
    private static func match<P: RandomAccessCollection, T: RandomAccessCollection>(
        _ p: P, _ t: T, star: P.Element, question: P.Element, fold: (T.Element) -> P.Element
    ) -> Bool where P.Index == Int, T.Index == Int, P.Element: Equatable {
        var ti = t.startIndex, pi = p.startIndex
        var starP = -1, starT = 0
        while ti < t.endIndex {
            if pi < p.endIndex, p[pi] == star {
                starP = pi
                starT = ti
                pi += 1
            } else if pi < p.endIndex, p[pi] == question || p[pi] == fold(t[ti]) {
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
        while pi < p.endIndex, p[pi] == star { pi += 1 }
        return pi == p.endIndex
    }
}
