import DirSyncCore

/// Writes an `Account` as the JSON `JSONEncoder` with sorted keys would, several times faster:
/// the audit log stores one or two per operation, and a first sync writes 100k of them.
/// Reading back goes through `JSONDecoder` (`StoreJSON.decode`).
enum AccountJSON {
    static func encode(_ account: Account) -> String {
        var out = "{"
        out.reserveCapacity(160)
        var first = true
        func key(_ name: String) {
            if !first { out += "," }
            first = false
            string(name, into: &out)
            out += ":"
        }
        if let displayName = account.displayName {
            key("displayName")
            string(displayName, into: &out)
        }
        if let email = account.email {
            key("email")
            string(email, into: &out)
        }
        key("key")
        string(account.key, into: &out)
        key("projects")
        out += "{"
        for (index, project) in account.projects.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            string(project, into: &out)
            out += ":"
            string(account.projects[project]!.rawValue, into: &out)
        }
        out += "}"
        key("roles")
        array(account.roles, into: &out)
        key("status")
        string(account.status.rawValue, into: &out)
        key("tags")
        array(account.tags, into: &out)
        key("username")
        string(account.username, into: &out)
        out += "}"
        return out
    }

    private static func array(_ values: [String], into out: inout String) {
        out += "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            string(value, into: &out)
        }
        out += "]"
    }

    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped).
    static func string(_ value: String, into out: inout String) {
        out += "\""
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += value
            out += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
