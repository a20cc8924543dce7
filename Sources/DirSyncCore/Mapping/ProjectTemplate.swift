/// Fills `${name}` placeholders in a rule's project names from a regex's named captures.
enum ProjectTemplate {
    /// The substituted name, or nil when a placeholder has no binding (that grant is skipped).
    static func substitute(_ template: String, _ binding: [String: String]) -> String? {
        guard template.contains("${") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                result += rest[open.lowerBound...]
                return result
            }
            let name = String(rest[open.upperBound..<close])
            guard let value = binding[name] else { return nil }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}

/// Email-domain allow-list matching.
enum EmailDomain {
    /// The lower-cased part after the last `@` (the whole value when there is none).
    static func of(_ email: String) -> String {
        let lowered = MatchBy.normalize(email)
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        return String(lowered[lowered.index(after: at)...])
    }

    /// `example.com` matches exactly; `*.example.com` matches any subdomain but not `example.com`.
    static func matches(_ domain: String, rule: String) -> Bool {
        let rule = rule.lowercased()
        if rule.hasPrefix("*.") { return domain.hasSuffix(String(rule.dropFirst())) }
        return domain == rule
    }
}
