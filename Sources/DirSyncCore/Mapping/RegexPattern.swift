import Foundation

/// A compiled `/regex/` from a mapping file, with the names of its named captures, so that
/// the config loader can reject a `${name}` the regex does not capture.
public struct RegexPattern: @unchecked Sendable {
    /// The pattern as written between the slashes.
    public let source: String
    /// The `(?<name>…)` capture names, in order.
    public let captureNames: [String]
    /// Immutable after init, and NSRegularExpression matching is thread-safe.
    public let regex: NSRegularExpression

    /// Compiles the pattern; throws with the engine's message when it is invalid.
    public init(_ source: String) throws {
        self.source = source
        self.regex = try NSRegularExpression(pattern: source, options: [])
        self.captureNames = RegexPattern.namedCaptures(in: source)
    }

    /// Scans for `(?<name>` that is not escaped and not a look-behind `(?<=` / `(?<!`.
    static func namedCaptures(in pattern: String) -> [String] {
        var names: [String] = []
        let chars = Array(pattern)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if inClass {
                if c == "]" { inClass = false }
                i += 1
                continue
            }
            if c == "[" { inClass = true; i += 1; continue }
            if c == "(", i + 3 < chars.count, chars[i + 1] == "?", chars[i + 2] == "<",
                chars[i + 3] != "=", chars[i + 3] != "!"
            {
                var j = i + 3
                var name = ""
                while j < chars.count, chars[j] != ">" { name.append(chars[j]); j += 1 }
                if !name.isEmpty { names.append(name) }
                i = j
                continue
            }
            i += 1
        }
        return names
    }

    /// The named captures of the first match in `text`, or nil when it does not match.
    public func captures(in text: String) -> [String: String]? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, options: [], range: range) else { return nil }
        var result: [String: String] = [:]
        for name in captureNames {
            let r = match.range(withName: name)
            if r.location != NSNotFound, let sr = Range(r, in: text) { result[name] = String(text[sr]) }
        }
        return result
    }
}
