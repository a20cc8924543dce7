/// A rule condition compiled against one `PeopleIndex`: group tests are answered once per
/// group at compile time, so evaluating a person only scans that person's groups.
///
/// Evaluation yields capture bindings: `[]` is false, `[[:]]` is true without captures, and
/// a regex that matched several groups or values yields one binding per match.
indirect enum CompiledCondition: Sendable {
    case group(GroupTest)
    case attribute(name: String, ValueTest)
    case all([CompiledCondition])
    case any([CompiledCondition])
    case not(CompiledCondition)
    /// Holds when the person's effective roles contain this role id (see `Condition.role`).
    case role(Int)

    typealias Bindings = [[String: String]]

    /// Per-group answers to one group matcher.
    struct GroupTest: Sendable {
        /// `matches[g]` for every group index of the index.
        var matches: [Bool]
        /// Named captures of a regex, for the groups it matched (absent when it has none).
        var captures: [Int32: [String: String]]
        var capturing: Bool
    }

    /// One attribute matcher, with its case folding done once.
    enum ValueTest: Sendable {
        case equals(String)
        case glob(Glob)
        case regex(RegexPattern)

        /// `value.lowercased() == lowered`, without building the lower-cased copy when both
        /// are ASCII (attribute values such as `employeeType` are, and this runs per person).
        static func equalsIgnoringCase(_ value: String, _ lowered: String) -> Bool {
            let (a, b) = (value.utf8, lowered.utf8)
            guard a.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) else { return value.lowercased() == lowered }
            return a.elementsEqual(b) { x, y in (x >= 65 && x <= 90 ? x + 32 : x) == y }
        }

        func bindings(for value: String, memo: DecisionMemo?) -> [String: String]? {
            switch self {
            case .equals(let lowered): return ValueTest.equalsIgnoringCase(value, lowered) ? [:] : nil
            case .glob(let glob): return glob.matches(value) ? [:] : nil
            case .regex(let pattern):
                // Not `memo?.captures(…) ?? …`: a remembered "no match" is nil too.
                if let memo { return memo.captures(pattern, in: value) }
                return pattern.captures(in: value)
            }
        }
    }

    /// Compiles `condition`, answering group tests for every group in `groups`; `roleIDs`
    /// are the catalogue's ids of the roles a `role` test may name.
    init(_ condition: Condition, groups: GroupFacts, roleIDs: [String: Int] = [:]) {
        switch condition {
        case .group(let matcher):
            var matches = [Bool](repeating: false, count: groups.count)
            var captures: [Int32: [String: String]] = [:]
            var capturing = false
            switch matcher {
            case .name(let name):
                let lowered = name.lowercased()
                for g in 0..<groups.count where groups.lowerNames[g] == lowered { matches[g] = true }
            case .dn(let dn):
                let normalized = DistinguishedName.normalize(dn)
                let dns = groups.normalizedDNs()
                for g in 0..<groups.count where dns[g] == normalized { matches[g] = true }
            case .glob(let pattern):
                let glob = Glob(pattern)
                for g in 0..<groups.count where glob.matches(groups.names[g]) { matches[g] = true }
            case .regex(let pattern):
                capturing = !pattern.captureNames.isEmpty
                for g in 0..<groups.count {
                    if let found = pattern.captures(in: groups.names[g]) {
                        matches[g] = true
                        if capturing { captures[Int32(g)] = found }
                    }
                }
            }
            self = .group(GroupTest(matches: matches, captures: captures, capturing: capturing))
        case .attribute(let name, let matcher):
            let test: ValueTest
            switch matcher {
            case .equals(let value): test = .equals(value.lowercased())
            case .glob(let pattern): test = .glob(Glob(pattern))
            case .regex(let pattern): test = .regex(pattern)
            }
            self = .attribute(name: name.lowercased(), test)
        case .all(let conditions): self = .all(conditions.map { CompiledCondition($0, groups: groups, roleIDs: roleIDs) })
        case .any(let conditions): self = .any(conditions.map { CompiledCondition($0, groups: groups, roleIDs: roleIDs) })
        case .not(let inner): self = .not(CompiledCondition(inner, groups: groups, roleIDs: roleIDs))
        // The engine mentions every tested role to its catalogue, so the id exists.
        case .role(let name): self = .role(roleIDs[name] ?? -1)
        }
    }

    /// Whether any part of the condition binds regex captures (otherwise `holds` suffices).
    var captures: Bool {
        switch self {
        case .group(let test): test.capturing
        case .attribute(_, let test):
            if case .regex(let pattern) = test { !pattern.captureNames.isEmpty } else { false }
        case .all(let conditions), .any(let conditions): conditions.contains { $0.captures }
        case .not, .role: false
        }
    }

    /// For a group condition: whether group `g` satisfies it.
    func matchesGroup(_ g: Int) -> Bool {
        if case .group(let test) = self { test.matches[g] } else { false }
    }

    /// Whether the condition holds, without building bindings (no allocation on the hot path).
    /// `roles` are the person's effective roles, known only when role-testing rules run
    /// (nil before: a `role` test does not hold).
    func holds(groups personGroups: ArraySlice<Int32>, entries: [DirectoryUser], memo: DecisionMemo? = nil, roles: RoleSet? = nil) -> Bool {
        switch self {
        case .role(let id):
            return id >= 0 && (roles?.contains(id) ?? false)
        case .group(let test):
            return personGroups.contains { test.matches[Int($0)] }
        case .attribute(let name, let test):
            for entry in entries {
                for value in entry.attributes[name] ?? [] where test.bindings(for: value, memo: memo) != nil { return true }
            }
            return false
        case .all(let conditions):
            return conditions.allSatisfy { $0.holds(groups: personGroups, entries: entries, memo: memo, roles: roles) }
        case .any(let conditions):
            return conditions.contains { $0.holds(groups: personGroups, entries: entries, memo: memo, roles: roles) }
        case .not(let inner):
            return !inner.holds(groups: personGroups, entries: entries, memo: memo, roles: roles)
        }
    }

    /// The bindings under which the condition holds for a person with these groups and entries.
    func evaluate(groups personGroups: ArraySlice<Int32>, entries: [DirectoryUser], memo: DecisionMemo? = nil, roles: RoleSet? = nil) -> Bindings {
        switch self {
        case .role:
            return holds(groups: personGroups, entries: entries, memo: memo, roles: roles) ? [[:]] : []
        case .group(let test):
            if !test.capturing {
                return personGroups.contains { test.matches[Int($0)] } ? [[:]] : []
            }
            var result: Bindings = []
            for g in personGroups where test.matches[Int(g)] {
                let binding = test.captures[g] ?? [:]
                if !result.contains(binding) { result.append(binding) }
            }
            return result
        case .attribute(let name, let test):
            var result: Bindings = []
            for entry in entries {
                for value in entry.attributes[name] ?? [] {
                    if let binding = test.bindings(for: value, memo: memo), !result.contains(binding) {
                        result.append(binding)
                        if case .regex = test {} else { return result }
                    }
                }
            }
            return result
        case .all(let conditions):
            var result: Bindings = [[:]]
            for condition in conditions {
                let next = condition.evaluate(groups: personGroups, entries: entries, memo: memo, roles: roles)
                if next.isEmpty { return [] }
                var product: Bindings = []
                for left in result {
                    for right in next {
                        let merged = left.merging(right) { _, new in new }
                        if !product.contains(merged) { product.append(merged) }
                    }
                }
                result = product
            }
            return result
        case .any(let conditions):
            var result: Bindings = []
            for condition in conditions {
                for binding in condition.evaluate(groups: personGroups, entries: entries, memo: memo, roles: roles) where !result.contains(binding) {
                    result.append(binding)
                }
            }
            return result
        case .not(let inner):
            return inner.evaluate(groups: personGroups, entries: entries, memo: memo, roles: roles).isEmpty ? [[:]] : []
        }
    }
}

/// What group tests look at, computed once per index: names as written, lower-cased names,
/// and (only when some rule names a DN) normalized DNs.
struct GroupFacts {
    let names: [String]
    let lowerNames: [String]
    private let dns: [String]
    var count: Int { names.count }

    init(_ groups: [DirectoryGroup]) {
        names = groups.map(\.name)
        lowerNames = names.map { $0.lowercased() }
        dns = groups.map(\.dn)
    }

    func normalizedDNs() -> [String] { dns.map(DistinguishedName.normalize) }
}
