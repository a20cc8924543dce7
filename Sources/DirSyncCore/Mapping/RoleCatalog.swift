/// The role catalogue with every role's `includes` closure and tags worked out once.
///
/// Roles are interned as small integers in name order; a person's roles are a bit set, so
/// deciding 100k people ORs a few precomputed words instead of building string sets.
struct RoleCatalog: Sendable {
    /// Every role name known to the mapping, sorted; a role's id is its position.
    let names: [String]
    let ids: [String: Int]
    /// Per role id: the bit set of the role and everything it includes.
    private let closures: [RoleSet]
    /// Per role id: the tags it carries.
    private let tagsByRole: [[String]]

    /// - Parameters:
    ///   - roles: the catalogue (nil: roles are free names without includes or tags).
    ///   - mentioned: every role named by rules (granted or tested), defaults and domains.
    init(_ roles: [String: RoleDefinition]?, mentioned: [String]) {
        var all = Set(mentioned)
        for (name, definition) in roles ?? [:] {
            all.insert(name)
            all.formUnion(definition.includes)
        }
        let names = all.sorted()
        var ids: [String: Int] = [:]
        for (i, name) in names.enumerated() { ids[name] = i }
        let words = (names.count + 63) / 64
        var closures: [RoleSet] = []
        var tags: [[String]] = []
        for name in names {
            var set = RoleSet(words: words)
            var stack = [name]
            set.insert(ids[name]!)
            // The loader rejects cycles; the set keeps a missed one from looping.
            while let current = stack.popLast() {
                for included in roles?[current]?.includes ?? [] where !set.contains(ids[included]!) {
                    set.insert(ids[included]!)
                    stack.append(included)
                }
            }
            closures.append(set)
            tags.append(roles?[name]?.tags ?? [])
        }
        self.names = names
        self.ids = ids
        self.closures = closures
        self.tagsByRole = tags
    }

    /// An empty set sized for this catalogue.
    func emptySet() -> RoleSet { RoleSet(words: (names.count + 63) / 64) }

    /// The bit set of these names (names must have been mentioned at init).
    func set(of roleNames: [String]) -> RoleSet {
        var set = emptySet()
        for name in roleNames { if let id = ids[name] { set.insert(id) } }
        return set
    }

    /// The effective roles (closure over `includes`) as a set, for `role` conditions.
    func closure(of granted: RoleSet) -> RoleSet {
        var effective = emptySet()
        granted.forEach { effective.formUnion(closures[$0]) }
        return effective
    }

    /// Effective roles (closure over `includes`) and their tags, both sorted.
    func resolve(_ granted: RoleSet) -> (roles: [String], tags: [String]) {
        var effective = emptySet()
        granted.forEach { effective.formUnion(closures[$0]) }
        var roles: [String] = []
        var tags: [String] = []
        effective.forEach { id in
            roles.append(names[id])
            tags.append(contentsOf: tagsByRole[id])
        }
        if !tags.isEmpty { tags = Array(Set(tags)).sorted() }
        return (roles, tags)
    }
}

/// A small bit set of role ids: one inline word for up to 64 roles (no allocation per
/// person), more words only for larger catalogues.
struct RoleSet: Sendable, Hashable {
    var low: UInt64 = 0
    var high: [UInt64]

    init(words count: Int) { high = [UInt64](repeating: 0, count: max(0, count - 1)) }

    mutating func insert(_ id: Int) {
        if id < 64 { low |= 1 << UInt64(id) } else { high[(id >> 6) - 1] |= 1 << UInt64(id & 63) }
    }

    func contains(_ id: Int) -> Bool {
        id < 64 ? low & (1 << UInt64(id)) != 0 : high[(id >> 6) - 1] & (1 << UInt64(id & 63)) != 0
    }

    mutating func formUnion(_ other: RoleSet) {
        low |= other.low
        for i in high.indices { high[i] |= other.high[i] }
    }

    /// Calls `body` with every member id in ascending order.
    func forEach(_ body: (Int) -> Void) {
        var bits = low
        while bits != 0 {
            body(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        for (w, word) in high.enumerated() {
            var bits = word
            while bits != 0 {
                body((w + 1) * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }
}
