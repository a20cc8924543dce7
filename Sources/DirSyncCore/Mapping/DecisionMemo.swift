/// Caches shared by the decisions of one thread (not thread-safe: one per worker).
///
/// People with the same matched rules get the same reason text, and people with the same
/// granted roles the same effective roles and tags; a large directory has a few hundred
/// such combinations for 100k people, so each is built once and then shared.
public final class DecisionMemo {
    private var reasons: [[Int]: String] = [:]
    private var resolutions: [RoleSet: (roles: [String], tags: [String])] = [:]
    private var domains: [String: RoleSet?] = [:]
    private var regexResults: [ObjectIdentifier: [String: [String: String]?]] = [:]

    public init() {}

    func reason(for rules: [Int], _ make: ([Int]) -> String) -> String {
        if let known = reasons[rules] { return known }
        let made = make(rules)
        reasons[rules] = made
        return made
    }

    /// `pattern.captures(in: value)`, remembered: attribute values such as `employeeType`
    /// repeat across thousands of people, and each regex match costs microseconds.
    func captures(_ pattern: RegexPattern, in value: String) -> [String: String]? {
        let key = ObjectIdentifier(pattern.regex)
        if let known = regexResults[key]?[value] { return known }
        let made = pattern.captures(in: value)
        regexResults[key, default: [:]][value] = .some(made)
        return made
    }

    func domainVerdict(_ domain: String, _ make: (String) -> RoleSet?) -> RoleSet? {
        if let known = domains[domain] { return known }
        let made = make(domain)
        domains[domain] = made
        return made
    }

    func resolution(of roles: RoleSet, _ make: (RoleSet) -> (roles: [String], tags: [String])) -> (roles: [String], tags: [String]) {
        if let known = resolutions[roles] { return known }
        let made = make(roles)
        resolutions[roles] = made
        return made
    }
}
