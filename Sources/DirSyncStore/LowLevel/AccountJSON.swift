import DirSyncCore

/// Writes an `Account` as the JSON `JSONEncoder` with sorted keys would, without its
/// intermediate tree: the audit log stores one or two per operation, and a first sync of a
/// large directory writes one per account.
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
            JSONString.append(displayName, to: &out)
            out.append(UInt8(ascii: ","))
        }
        if let email = account.email {
            key("email", &out)
            JSONString.append(email, to: &out)
            out.append(UInt8(ascii: ","))
        }
        key("key", &out)
        JSONString.append(account.key, to: &out)
        out.append(UInt8(ascii: ","))
        key("projects", &out)
        projects(account.projects, into: &out)
        out.append(UInt8(ascii: ","))
        key("roles", &out)
        array(account.roles, into: &out)
        out.append(UInt8(ascii: ","))
        key("status", &out)
        JSONString.append(account.status.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        key("tags", &out)
        array(account.tags, into: &out)
        out.append(UInt8(ascii: ","))
        key("username", &out)
        JSONString.append(account.username, to: &out)
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
            JSONString.append(project, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONString.append(projects[project]!.rawValue, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Strings as a JSON array, in the given order.
    static func array(_ values: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
