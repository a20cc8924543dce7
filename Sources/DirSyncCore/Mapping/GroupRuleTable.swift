/// The rules whose whole condition is one group test, answered per group once per run.
///
/// Most rules say "members of this group get that": for those, whether a person matches
/// and which projects they get depend only on which groups the person is in. So per group
/// this table holds a bit mask of the rules the group satisfies and the projects those
/// rules grant through it (with the group's regex captures filled in); deciding a person
/// ORs a few masks instead of running every rule. Used by `MappingEngine.decide(_:memo:)`;
/// `decide(_:)` (for `explain`) runs every rule and records its captures.
///
/// Up to 64 rules (one bit each); with more the table is unusable and every rule is run.
struct GroupRuleTable: Sendable {
    /// Per group index: bit `r` is set when rule `r` is a group rule the group satisfies.
    let ruleMask: [UInt64]
    /// Per group index: the projects its group rules grant through it.
    let grants: [[(name: String, permission: Permission)]]
    /// Positions of the rules that are not single group tests (nor test roles): evaluated per person.
    let personRules: [Int]
    let isUsable: Bool

    init(rules: [MappingEngine.CompiledRule], groupCount: Int) {
        guard rules.count <= 64 else {
            ruleMask = []
            grants = []
            personRules = Array(rules.indices)
            isUsable = false
            return
        }
        var mask = [UInt64](repeating: 0, count: groupCount)
        var grants = [[(name: String, permission: Permission)]](repeating: [], count: groupCount)
        var personRules: [Int] = []
        // A rule that tests held roles runs after roles are known, never here.
        for (r, compiled) in rules.enumerated() where !compiled.testsRoles {
            guard case .group(let test) = compiled.condition else {
                personRules.append(r)
                continue
            }
            for g in 0..<groupCount where test.matches[g] {
                mask[g] |= 1 << UInt64(r)
                // What `evaluate` binds for this group: its captures, or nothing.
                let binding = test.capturing ? (test.captures[Int32(g)] ?? [:]) : [:]
                grants[g] += compiled.projects(for: binding)
            }
        }
        self.ruleMask = mask
        self.grants = grants
        self.personRules = personRules
        isUsable = true
    }

    /// The set bits of `mask`, ascending (rule order).
    static func positions(_ mask: UInt64) -> [Int] {
        var bits = mask
        var positions: [Int] = []
        positions.reserveCapacity(bits.nonzeroBitCount)
        while bits != 0 {
            positions.append(bits.trailingZeroBitCount)
            bits &= bits - 1
        }
        return positions
    }
}
