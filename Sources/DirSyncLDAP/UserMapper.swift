import DirSyncCore

/// Turns one directory entry into a `DirectoryUser` per the configured `UserSchema`;
/// shared by the LDAP and LDIF sources so both read an entry the same way.
struct UserMapper {
    enum Role {
        case id, username, email, displayName, disabledEquals, disabledUAC
        case extra(key: String)
    }

    let source: String
    let schema: UserSchema
    private(set) var slots = AttributeSlots()
    /// The jobs of slot `i`'s values.
    private(set) var roles: [[Role]] = []
    private let idIsObjectGUID: Bool
    private let disabledValue: [UInt8]
    private let disabledLowercased: String

    init(source: String, schema: UserSchema) {
        self.source = source
        self.schema = schema
        idIsObjectGUID = schema.id.lowercased() == "objectguid"
        if case .attribute(_, let equals)? = schema.disabled {
            disabledValue = Array(equals.utf8)
            disabledLowercased = equals.lowercased()
        } else {
            disabledValue = []
            disabledLowercased = ""
        }
        add(schema.id, .id)
        add(schema.username, .username)
        add(schema.email, .email)
        add(schema.displayName, .displayName)
        switch schema.disabled {
        case .attribute(let name, _)?: add(name, .disabledEquals)
        case .activeDirectory?: add("userAccountControl", .disabledUAC)
        case nil: break
        }
        for name in schema.attributes {
            add(name, .extra(key: name.lowercased()))
        }
    }

    private mutating func add(_ name: String, _ role: Role) {
        let slot = slots.slot(for: name)
        if slot == roles.count { roles.append([]) }
        roles[slot].append(role)
    }

    /// The values of one entry as they arrive.
    struct Accumulator {
        var id: String?
        var username: String?
        var email: String?
        var displayName: String?
        var disabled = false
        var attributes: [String: [String]] = [:]
    }

    /// Records one value of the attribute in slot `slot`.
    func add(slot: Int, value: UnsafeBufferPointer<UInt8>, to acc: inout Accumulator) {
        for role in roles[slot] {
            switch role {
            case .id:
                if acc.id == nil {
                    acc.id = (idIsObjectGUID ? ObjectGUID.string(value) : nil) ?? value.utf8String
                }
            case .username: if acc.username == nil { acc.username = value.utf8String }
            case .email: if acc.email == nil { acc.email = value.utf8String }
            case .displayName: if acc.displayName == nil { acc.displayName = value.utf8String }
            case .disabledEquals:
                if value.equalsIgnoringASCIICase(disabledValue)
                    || value.utf8String.lowercased() == disabledLowercased {
                    acc.disabled = true
                }
            case .disabledUAC:
                if let flags = Int64(value.utf8String.trimmingSpaces), flags & 0x2 != 0 {
                    acc.disabled = true
                }
            case .extra(let key):
                acc.attributes[key, default: []].append(value.utf8String)
            }
        }
    }

    /// The finished user; throws when the entry lacks the identity attribute.
    func finish(dn: String, _ acc: Accumulator) throws(MappingError) -> DirectoryUser {
        guard let id = acc.id, !id.isEmpty else {
            throw MappingError(
                message: "user \(dn) has no \(schema.id) attribute; every user needs a stable id "
                    + "(check users.id, and that the bind DN may read that attribute)")
        }
        return DirectoryUser(
            source: source, id: id, dn: dn, username: acc.username, email: acc.email,
            displayName: acc.displayName, disabled: acc.disabled, attributes: acc.attributes)
    }
}

/// An entry that cannot be turned into a user or group.
struct MappingError: Error {
    var message: String
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
