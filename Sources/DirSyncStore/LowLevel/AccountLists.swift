import DirSyncCore
import Foundation

/// An account's roles, tags (JSON arrays of strings) and project memberships (a JSON object,
/// project → permission) as the `accounts` table stores them since schema v2.
///
/// Why columns and not a row per value: a first sync wrote several child rows per account
/// into three more B-trees, a large part of its SQLite time, and a no-op sync read them back
/// and joined them. JSON keeps the values queryable in SQL (`json_each`, and the views
/// `account_roles`, `account_projects`, `account_tags` the migration leaves in place of the
/// old tables). Values are written as `AccountJSON` writes the audit log (sorted, escaped
/// per RFC 8259).
enum AccountLists {
    static func appendArray(_ values: [String], to out: inout [UInt8]) {
        AccountJSON.array(values, into: &out)
    }

    static func appendProjects(_ projects: [String: Permission], to out: inout [UInt8]) {
        AccountJSON.projects(projects, into: &out)
    }

    static func array(_ values: [String]) -> String {
        var bytes: [UInt8] = []
        appendArray(values, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func projects(_ projects: [String: Permission]) -> String {
        var bytes: [UInt8] = []
        appendProjects(projects, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The strings of a stored JSON array, in stored order. `what` names the column and
    /// account for the error.
    static func decodeArray(_ bytes: UnsafeBufferPointer<UInt8>, _ what: @autoclosure () -> String) throws -> [String] {
        if let simple = SimpleJSON.strings(bytes, open: UInt8(ascii: "["), close: UInt8(ascii: "]")) {
            return simple
        }
        guard let values = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String] else {
            throw unreadable(bytes, what())
        }
        return values
    }

    /// The memberships of a stored JSON object of project → permission.
    static func decodeProjects(
        _ bytes: UnsafeBufferPointer<UInt8>, _ what: @autoclosure () -> String
    ) throws -> [String: Permission] {
        let pairs: [(String, String)]
        if let simple = SimpleJSON.strings(bytes, open: UInt8(ascii: "{"), close: UInt8(ascii: "}")),
            simple.count % 2 == 0
        {
            pairs = stride(from: 0, to: simple.count, by: 2).map { (simple[$0], simple[$0 + 1]) }
        } else if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: String] {
            pairs = object.map { ($0.key, $0.value) }
        } else {
            throw unreadable(bytes, what())
        }
        var projects: [String: Permission] = [:]
        projects.reserveCapacity(pairs.count)
        for (project, text) in pairs {
            guard let permission = Permission(rawValue: text) else {
                throw StoreError("state database: \(what()) has unknown project permission '\(text)' for '\(project)'")
            }
            projects[project] = permission
        }
        return projects
    }

    private static func unreadable(_ bytes: UnsafeBufferPointer<UInt8>, _ what: String) -> StoreError {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        return StoreError(
            "state database: \(what) is not the JSON dirsync writes ('\(text)'); restore the file from a backup, "
                + "or correct the value with the sqlite3 shell")
    }
}

/// The JSON dirsync itself writes for lists, read without a general parser: `[` or `{`,
/// then quoted strings separated by `,` (or `:` inside an object), then the closing
/// bracket, no spaces, no escapes. Anything else returns nil and the caller hands the value
/// to `JSONSerialization`: a value with an escaped character (a quote in a tag) is rare,
/// and 300k parser calls in a no-op sync at 100k accounts are not.
private enum SimpleJSON {
    static func strings(_ bytes: UnsafeBufferPointer<UInt8>, open: UInt8, close: UInt8) -> [String]? {
        let quote = UInt8(ascii: "\"")
        let backslash = UInt8(ascii: "\\")
        guard bytes.count >= 2, bytes[0] == open, bytes[bytes.count - 1] == close else { return nil }
        var values: [String] = []
        var i = 1
        let end = bytes.count - 1
        if i == end { return values }
        while true {
            guard i < end, bytes[i] == quote else { return nil }
            let start = i + 1
            var j = start
            while j < end, bytes[j] != quote {
                if bytes[j] == backslash { return nil }
                j += 1
            }
            guard j < end else { return nil }
            values.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self))
            i = j + 1
            if i == end { return values }
            // In an object a key is followed by `:`, a value by `,`.
            let expected = open == UInt8(ascii: "{") && values.count % 2 == 1 ? UInt8(ascii: ":") : UInt8(ascii: ",")
            guard bytes[i] == expected else { return nil }
            i += 1
        }
    }
}
