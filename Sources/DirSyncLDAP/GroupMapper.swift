import DirSyncCore

/// Turns one directory entry into a `PendingGroup` per the configured `GroupSchema`, and
/// pending groups into `DirectoryGroup`s. Member values are kept as read (minus a
/// uniqueMember UID suffix) until `assemble` is told which of them name a user of the
/// source (the LDAP reader resolves them, see `MemberNumbering`); the core resolves the rest.
struct GroupMapper {
    enum Role { case name, member, uniqueMember, memberUid }

    let source: String
    let schema: GroupSchema
    private(set) var slots = AttributeSlots()
    /// The jobs of slot `i`'s values.
    private(set) var roles: [[Role]] = []

    init(source: String, schema: GroupSchema) {
        self.source = source
        self.schema = schema
        add(schema.name, .name)
        for attribute in schema.member {
            switch attribute {
            case .member: add("member", .member)
            case .uniqueMember: add("uniqueMember", .uniqueMember)
            case .memberUid: add("memberUid", .memberUid)
            }
        }
    }

    private mutating func add(_ name: String, _ role: Role) {
        let slot = slots.slot(for: name)
        if slot == roles.count { roles.append([]) }
        roles[slot].append(role)
    }

    struct Accumulator {
        var name: String?
        /// Member DNs' bytes back to back, value `k` ending at `memberEnds[k]`: copied as
        /// they arrive and resolved together later (see `MemberNumbering`).
        var memberBytes: [UInt8] = []
        var memberEnds: [Int32] = []
        var memberUids: [String] = []
    }

    func add(slot: Int, value: UnsafeBufferPointer<UInt8>, to acc: inout Accumulator) {
        for role in roles[slot] {
            switch role {
            case .name: if acc.name == nil { acc.name = value.utf8String }
            case .member:
                acc.memberBytes.append(contentsOf: value)
                acc.memberEnds.append(Int32(acc.memberBytes.count))
            case .uniqueMember:
                // Only a value ending in `'B` can carry an optional UID; the rest are copied as bytes.
                if value.count >= 2, value[value.count - 1] == UInt8(ascii: "B"), value[value.count - 2] == UInt8(ascii: "'") {
                    acc.memberBytes.append(contentsOf: Self.stripUID(value.utf8String).utf8)
                } else {
                    acc.memberBytes.append(contentsOf: value)
                }
                acc.memberEnds.append(Int32(acc.memberBytes.count))
            case .memberUid: acc.memberUids.append(value.utf8String)
            }
        }
    }

    func finish(dn: String, _ acc: Accumulator) throws(MappingError) -> PendingGroup {
        guard let name = acc.name, !name.isEmpty else {
            throw MappingError(
                message: "group \(dn) has no \(schema.name) attribute; check groups.name")
        }
        return PendingGroup(dn: dn, name: name, members: acc)
    }

    /// The group with every member value as text, for the core to resolve (LDIF sources).
    func unresolved(_ group: PendingGroup) -> DirectoryGroup {
        assemble(group, positions: [Int32](repeating: -1, count: group.members.memberEnds.count))
    }

    /// The group with member value `k` as user `positions[k]`, or as text where that is -1.
    func assemble(_ group: PendingGroup, positions: [Int32]) -> DirectoryGroup {
        let acc = group.members
        var members: [String] = []
        var memberUsers: [Int32] = []
        memberUsers.reserveCapacity(positions.count)
        acc.memberBytes.withUnsafeBufferPointer { bytes in
            for (k, position) in positions.enumerated() {
                if position >= 0 {
                    memberUsers.append(position)
                } else {
                    let start = k == 0 ? 0 : Int(acc.memberEnds[k - 1])
                    members.append(String(decoding: bytes[start..<Int(acc.memberEnds[k])], as: UTF8.self))
                }
            }
        }
        return DirectoryGroup(
            source: source, dn: group.dn, name: group.name, members: members, memberUids: acc.memberUids,
            memberUsers: memberUsers)
    }

    /// `uid=a,dc=x#'0101'B` → `uid=a,dc=x`: RFC 4517 NameAndOptionalUID. A `#` escaped in the
    /// DN (`\#`) is part of the DN and stays.
    static func stripUID(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count >= 4, bytes[bytes.count - 1] == UInt8(ascii: "B"),
              bytes[bytes.count - 2] == UInt8(ascii: "'") else { return value }
        var i = bytes.count - 3
        while i >= 0, bytes[i] == UInt8(ascii: "0") || bytes[i] == UInt8(ascii: "1") { i -= 1 }
        guard i >= 1, bytes[i] == UInt8(ascii: "'"), bytes[i - 1] == UInt8(ascii: "#") else { return value }
        let hash = i - 1
        if hash >= 1, bytes[hash - 1] == UInt8(ascii: "\\") { return value }
        return String(decoding: bytes[..<hash], as: UTF8.self)
    }
}

/// A group as read, its member values not yet resolved (`GroupMapper.assemble`): groups
/// can then be read before, or while, the users they name arrive.
struct PendingGroup: Sendable {
    let dn: String
    let name: String
    let members: GroupMapper.Accumulator
}
