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
        let parts = encodeParts(plan)
        guard parts.count > 1 else { return parts.first ?? [] }
        var joined: [UInt8] = []
        joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { joined.append(contentsOf: part) }
        return joined
    }

    /// The same bytes in consecutive parts, to be written one after the other: joining the
    /// parts of a large plan into one buffer first would take as much memory again.
    public static func encodeParts(_ plan: Plan) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        encode(plan) { parts.append($0) }
        return parts
    }

    /// The same bytes handed to `write` part after part, each as soon as it is made, so
    /// that the caller writes it while the next ones are being made (`Parallel.stream`).
    public static func encode(_ plan: Plan, into write: ([UInt8]) -> Void) {
        let operations = plan.operations
        var head = JSONWriter(capacity: 64)
        head.beginObject()
        head.key("operations")
        head.beginArray()
        var tail = head  // continues where the head left off, after the operations
        tail.resetBytes()
        write(head.bytes)
        // Operations are written in parallel runs and kept in order: the same bytes as one
        // writer would produce.
        var anyOperation = false
        Parallel.stream(operations.count, minimum: 20_000, pieceSize: 8_192) { range in
            var part = JSONWriter(elementsAtDepth: 2, continuing: range.lowerBound > 0, capacity: range.count * 600)
            operations.withUnsafeBufferPointer { ops in  // fields read in place, as in PlanTableRenderer
                for i in range { Self.write(ops, i, to: &part) }
            }
            return part.bytes
        } consume: { part in
            anyOperation = anyOperation || !part.isEmpty
            write(part)
        }
        if anyOperation { tail.markElement() }
        tail.endArray()
        tail.key("summary")
        tail.beginObject()
        let s = plan.summary
        let counts: [(StaticString, Int)] = [
            ("adopt", s.adopt), ("create", s.create), ("deactivate", s.deactivate), ("delete", s.delete), ("reactivate", s.reactivate),
            ("update", s.update),
        ]
        for (name, count) in counts {
            tail.key(name)
            tail.value(count)
        }
        tail.endObject()
        tail.key("warnings")
        tail.stringArray(plan.warnings)
        tail.endObject()
        write(tail.bytes)
    }

    public static func decode(_ data: Data) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: data)
    }

    /// Operation `i`, keys in sorted order, absent optionals left out (as Codable does).
    /// Fields are read in place (`ops[i].email`); see `PlanTableRenderer.renderUTF8`.
    private static func write(_ ops: UnsafeBufferPointer<AccountOperation>, _ i: Int, to w: inout JSONWriter) {
        w.beginObject()
        if let account = ops[i].account { w.key("account"); w.value(account) }
        w.key("action"); w.value(ops[i].action.rawValue)
        if let changes = ops[i].changes { w.key("changes"); write(changes, to: &w) }
        if let name = ops[i].displayName {
            w.key("display_name"); w.value(name)
        } else if ops[i].action.carriesState {
            w.key("display_name"); w.null()  // cleared or never set: the state says so
        }
        if let email = ops[i].email { w.key("email"); w.value(email) }
        if let identity = ops[i].identity { w.key("identity"); w.value(identity) }
        if let projects = ops[i].projects { w.key("projects"); write(projects, to: &w) }
        w.key("reason"); w.value(ops[i].reason)
        if let roles = ops[i].roles { w.key("roles"); w.stringArray(roles) }
        if let tags = ops[i].tags { w.key("tags"); w.stringArray(tags) }
        w.key("username"); w.value(ops[i].username)
        w.endObject()
    }

    private static func write(_ c: Changes, to w: inout JSONWriter) {
        w.beginObject()
        if let v = c.displayNameFrom { w.key("display_name_from"); w.value(v) }
        if let v = c.emailFrom { w.key("email_from"); w.value(v) }
        if let v = c.identityFrom { w.key("identity_from"); w.value(v) }
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
            w.key(text: name)
            w.value(projects[name]!.rawValue)
        }
        w.endObject()
    }
}
