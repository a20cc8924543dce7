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
    ///   - mentioned: every role named by rules, defaults and domains.
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

    /// Effective roles (closure over `includes`) and their tags, both sorted.
    func resolve(_ granted: RoleSet) -> (roles: [String], tags: [String]) {
        var effective = emptySet()
        for id in granted.members() { effective.formUnion(closures[id]) }
        var roles: [String] = []
        var tags: [String] = []
        for id in effective.members() {
            roles.append(names[id])
            tags.append(contentsOf: tagsByRole[id])
        }
        if !tags.isEmpty { tags = Array(Set(tags)).sorted() }
        return (roles, tags)
    }
}

/// A small bit set of role ids.
struct RoleSet: Sendable, Hashable {
    var words: [UInt64]

    init(words count: Int) { words = [UInt64](repeating: 0, count: count) }

    mutating func insert(_ id: Int) { words[id >> 6] |= 1 << UInt64(id & 63) }
    func contains(_ id: Int) -> Bool { words[id >> 6] & (1 << UInt64(id & 63)) != 0 }
    mutating func formUnion(_ other: RoleSet) {
        for i in words.indices { words[i] |= other.words[i] }
    }

    /// Member ids in ascending order.
    func members() -> [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                result.append(w * 64 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}
