import DirSyncCore

/// Writes an `Account` as the JSON `JSONEncoder` with sorted keys would, several times faster:
/// the audit log stores one or two per operation, and a first sync writes 100k of them.
/// Reading back goes through `JSONDecoder` (`StoreJSON.decode`).
enum AccountJSON {
    static func encode(_ account: Account) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        append(account, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same JSON appended as UTF-8 bytes (the bulk create path binds them in place).
    static func append(_ account: Account, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let displayName = account.displayName {
            key("displayName", &out)
            string(displayName, into: &out)
            out.append(UInt8(ascii: ","))
        }
        if let email = account.email {
            key("email", &out)
            string(email, into: &out)
            out.append(UInt8(ascii: ","))
        }
        key("key", &out)
        string(account.key, into: &out)
        out.append(UInt8(ascii: ","))
        key("projects", &out)
        projects(account.projects, into: &out)
        out.append(UInt8(ascii: ","))
        key("roles", &out)
        array(account.roles, into: &out)
        out.append(UInt8(ascii: ","))
        key("status", &out)
        string(account.status.rawValue, into: &out)
        out.append(UInt8(ascii: ","))
        key("tags", &out)
        array(account.tags, into: &out)
        out.append(UInt8(ascii: ","))
        key("username", &out)
        string(account.username, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func key(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// Project → permission as a JSON object, keys in order.
    static func projects(_ projects: [String: Permission], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        // One project needs no sorted copy of the keys (most accounts have one or none).
        let names = projects.count < 2 ? Array(projects.keys) : projects.keys.sorted()
        for (index, project) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(project, into: &out)
            out.append(UInt8(ascii: ":"))
            string(projects[project]!.rawValue, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Strings as a JSON array, in the given order.
    static func array(_ values: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(value, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped;
    /// everything else, multi-byte UTF-8 included, copied as it is).
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let start = out.count
        out.append(contentsOf: value.utf8)
        if out[start...].contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.removeSubrange(start...)
            let hex = Array("0123456789abcdef".utf8)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20:
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
