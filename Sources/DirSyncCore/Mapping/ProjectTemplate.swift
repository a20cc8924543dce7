/// A rule's project name with its `${name}` placeholders parsed once, filled per person
/// from a regex's named captures.
struct ProjectTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case capture(String)
    }

    let parts: [Part]

    init(_ template: String) {
        var parts: [Part] = []
        var rest = Substring(template)
        while let dollar = rest.firstIndex(of: "$") {
            let afterDollar = rest.index(after: dollar)
            guard afterDollar < rest.endIndex, rest[afterDollar] == "{",
                let close = rest[afterDollar...].firstIndex(of: "}")
            else {
                parts.append(.text(String(rest[...dollar])))
                rest = rest[afterDollar...]
                continue
            }
            if dollar > rest.startIndex { parts.append(.text(String(rest[..<dollar]))) }
            parts.append(.capture(String(rest[rest.index(after: afterDollar)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        self.parts = parts
    }

    /// The filled-in name, or nil when a placeholder has no binding (that grant is skipped).
    func fill(_ binding: [String: String]) -> String? {
        if parts.count == 1, case .text(let text) = parts[0] { return text }
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .capture(let name):
                guard let value = binding[name] else { return nil }
                result += value
            }
        }
        return result
    }

    /// One-off form of `init(_:)` + `fill(_:)`.
    static func substitute(_ template: String, _ binding: [String: String]) -> String? {
        ProjectTemplate(template).fill(binding)
    }
}

/// Email-domain allow-list matching.
enum EmailDomain {
    /// The lower-cased part after the last `@` (the whole value when there is none).
    static func of(_ email: String) -> String {
        let lowered = MatchBy.normalize(email)
        // Searched as bytes: `lastIndex(of: "@")` walks characters (grapheme by grapheme)
        // from the end, which showed in the profile at 100k people. `@` is ASCII, so its
        // byte position is a character boundary.
        let utf8 = lowered.utf8
        guard let at = utf8.lastIndex(of: UInt8(ascii: "@")) else { return lowered }
        return String(lowered[utf8.index(after: at)...])
    }

    /// `example.com` matches exactly; `*.example.com` matches any subdomain but not `example.com`.
    static func matches(_ domain: String, rule: String) -> Bool {
        let rule = rule.lowercased()
        if rule.hasPrefix("*.") { return domain.hasSuffix(String(rule.dropFirst())) }
        return domain == rule
    }
}
