/// The attributes a read asks for, each with the jobs its values do, matched against
/// attribute names as raw bytes so the hot loop makes no String per attribute name.
struct AttributeSlots<Role> {
    struct Slot {
        /// The configured attribute name.
        var name: String
        /// ASCII-lower-cased UTF-8 bytes of the name.
        var key: [UInt8]
        var roles: [Role]
    }

    private(set) var slots: [Slot] = []

    /// Adds a role to the slot of `name` (case-insensitive), creating the slot if needed.
    mutating func add(_ name: String, _ role: Role) {
        let key = Self.lowered(Array(name.utf8))
        if let i = slots.firstIndex(where: { $0.key == key }) {
            slots[i].roles.append(role)
        } else {
            slots.append(Slot(name: name, key: key, roles: [role]))
        }
    }

    /// The attribute names to request from the server.
    var names: [String] { slots.map(\.name) }

    /// The slot whose name equals `name` case-insensitively. An attribute description with
    /// options (`cn;lang-en`) matches nothing.
    func index(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        outer: for (i, slot) in slots.enumerated() where slot.key.count == name.count {
            for j in 0..<name.count where Self.lower(name[j]) != slot.key[j] {
                continue outer
            }
            return i
        }
        return nil
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
    static func lowered(_ bytes: [UInt8]) -> [UInt8] { bytes.map(lower) }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes equal `other` ignoring ASCII case.
    func equalsIgnoringASCIICase(_ other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        for i in 0..<count where AttributeSlots<Int>.lower(self[i]) != AttributeSlots<Int>.lower(other[i]) {
            return false
        }
        return true
    }

    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
