/// The role catalogue with every role's `includes` closure and tags worked out once,
/// so that deciding 100k people only unions small precomputed sets.
struct RoleCatalog: Sendable {
    private var closures: [String: [String]] = [:]
    private var tagsByRole: [String: [String]] = [:]

    init(_ roles: [String: RoleDefinition]?) {
        guard let roles else { return }
        for (name, definition) in roles {
            tagsByRole[name] = definition.tags
            var seen: Set<String> = [name]
            var stack = [name]
            // The loader rejects cycles; the visited set keeps a missed one from looping.
            while let current = stack.popLast() {
                for included in roles[current]?.includes ?? [] where seen.insert(included).inserted {
                    stack.append(included)
                }
            }
            closures[name] = seen.sorted()
        }
    }

    /// The granted roles closed over `includes`, sorted; roles outside the catalogue stand for themselves.
    func effectiveRoles(_ granted: Set<String>) -> [String] {
        var result: Set<String> = []
        for role in granted {
            if let closure = closures[role] { result.formUnion(closure) } else { result.insert(role) }
        }
        return result.sorted()
    }

    /// The union of the roles' tags, sorted.
    func tags(of effectiveRoles: [String]) -> [String] {
        var result: Set<String> = []
        for role in effectiveRoles { result.formUnion(tagsByRole[role] ?? []) }
        return result.sorted()
    }
}
