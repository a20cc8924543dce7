import Foundation

/// The plan as contract section 4 prints it, and back (for `sync --plan FILE`).
///
/// Keys are sorted and slashes unescaped so that a saved plan diffs cleanly in review.
/// Encoding is hand-written (see `JSONWriter` for why); decoding is JSONDecoder's.
public enum PlanJSON {
    public static func encode(_ plan: Plan) -> String {
        String(decoding: encodeUTF8(plan), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, for writing a large plan straight to a file or stdout.
    public static func encodeUTF8(_ plan: Plan) -> [UInt8] {
        let operations = plan.operations
        // Operations are written in parallel runs (a 100k-operation plan is ~55 MB of
        // JSON) and joined in order: the same bytes as one writer would produce.
        let parts = Parallel.chunks(operations.count, minimum: 20_000) { range in
            var part = JSONWriter(elementsAtDepth: 2, continuing: range.lowerBound > 0, capacity: range.count * 600)
            operations.withUnsafeBufferPointer { ops in  // in place, as in PlanTableRenderer
                for i in range { write(ops[i], to: &part) }
            }
            return part.bytes
        }
        var w = JSONWriter(capacity: 256 + parts.reduce(0) { $0 + $1.count })
        w.beginObject()
        w.key("operations")
        w.beginArray()
        for part in parts { w.appendElements(part) }
        w.endArray()
        w.key("summary")
        w.beginObject()
        let s = plan.summary
        for (name, count) in [("create", s.create), ("deactivate", s.deactivate), ("delete", s.delete), ("reactivate", s.reactivate), ("update", s.update)] {
            w.key(name)
            w.value(count)
        }
        w.endObject()
        w.key("warnings")
        w.stringArray(plan.warnings)
        w.endObject()
        return w.bytes
    }

    public static func decode(_ data: Data) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: data)
    }

    /// One operation, keys in sorted order, absent optionals left out (as Codable does).
    private static func write(_ op: Operation, to w: inout JSONWriter) {
        w.beginObject()
        if let account = op.account { w.key("account"); w.value(account) }
        w.key("action"); w.value(op.action.rawValue)
        if let changes = op.changes { w.key("changes"); write(changes, to: &w) }
        if let name = op.displayName { w.key("display_name"); w.value(name) }
        if let email = op.email { w.key("email"); w.value(email) }
        if let identity = op.identity { w.key("identity"); w.value(identity) }
        if let projects = op.projects { w.key("projects"); write(projects, to: &w) }
        w.key("reason"); w.value(op.reason)
        if let roles = op.roles { w.key("roles"); w.stringArray(roles) }
        if let tags = op.tags { w.key("tags"); w.stringArray(tags) }
        w.key("username"); w.value(op.username)
        w.endObject()
    }

    private static func write(_ c: Changes, to w: inout JSONWriter) {
        w.beginObject()
        if let v = c.displayNameFrom { w.key("display_name_from"); w.value(v) }
        if let v = c.emailFrom { w.key("email_from"); w.value(v) }
        w.key("projects_removed"); w.stringArray(c.projectsRemoved)
        w.key("projects_set"); write(c.projectsSet, to: &w)
        w.key("roles_added"); w.stringArray(c.rolesAdded)
        w.key("roles_removed"); w.stringArray(c.rolesRemoved)
        if let v = c.tagsAdded, !v.isEmpty { w.key("tags_added"); w.stringArray(v) }
        if let v = c.tagsRemoved, !v.isEmpty { w.key("tags_removed"); w.stringArray(v) }
        if let v = c.usernameFrom { w.key("username_from"); w.value(v) }
        w.endObject()
    }

    private static func write(_ projects: [String: Permission], to w: inout JSONWriter) {
        w.beginObject()
        for name in projects.keys.sorted() {
            w.key(name)
            w.value(projects[name]!.rawValue)
        }
        w.endObject()
    }
}
