/// The plan for people, terraform style: one line per operation, `old -> new` details
/// under updates, warnings, and one closing summary line.
///
/// Written straight into UTF-8 bytes (see `TextBytes`): a 100k-person first plan is
/// ~14 MB of text.
public enum PlanTableRenderer {
    public static func render(_ plan: Plan) -> String {
        String(decoding: renderUTF8(plan), as: UTF8.self)
    }

    /// The same text as UTF-8 bytes, ending in a newline.
    public static func renderUTF8(_ plan: Plan) -> [UInt8] {
        Array(renderParts(plan).joined())
    }

    /// The same bytes in consecutive parts, to be written one after the other (see
    /// `PlanJSON.encodeParts`).
    public static func renderParts(_ plan: Plan) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        render(plan) { parts.append($0) }
        return parts
    }

    /// The same bytes handed to `write` part after part, each as soon as it is made
    /// (`Parallel.stream`). Operation lines are rendered in parallel runs.
    public static func render(_ plan: Plan, into write: ([UInt8]) -> Void) {
        let operations = plan.operations
        Parallel.stream(operations.count, minimum: 20_000, pieceSize: 16_384) { range in
            var part = TextBytes(capacity: range.count * 160)
            // Fields are read in place (`ops[i].username`): passing whole operations copied
            // each one, retaining all its strings (a cache miss each) only to release them.
            operations.withUnsafeBufferPointer { ops in
                for i in range { line(ops, i, &part) }
            }
            return part.bytes
        } consume: { write($0) }
        var out = TextBytes(capacity: 256)
        finish(plan, &out)
        write(out.bytes)
    }

    /// The line (and detail lines) of operation `i`.
    static func line(_ ops: UnsafeBufferPointer<AccountOperation>, _ i: Int, _ out: inout TextBytes) {
        switch ops[i].action {
        case .create:
            out.append("+ create ")
            who(ops[i].username, ops[i].email, &out)
            state(ops[i].roles, ops[i].projects, ops[i].tags, &out)
            out.newline()
        case .adopt:
            out.append("= adopt ")
            who(ops[i].username, ops[i].email, &out)
            state(ops[i].roles, ops[i].projects, ops[i].tags, &out)
            out.newline()
            details(ops[i], &out)
        case .update:
            out.append("~ update ")
            out.append(ops[i].username)
            out.newline()
            details(ops[i], &out)
        case .reactivate:
            out.append("> reactivate ")
            who(ops[i].username, ops[i].email, &out)
            state(ops[i].roles, ops[i].projects, ops[i].tags, &out)
            out.newline()
            details(ops[i], &out)
        case .deactivate:
            out.append("- deactivate ")
            gone(ops[i].username, ops[i].reason, &out)
            details(ops[i], &out)
        case .delete:
            out.append("x delete ")
            gone(ops[i].username, ops[i].reason, &out)
        }
    }

    /// The blank line, warnings and summary after the operations.
    static func finish(_ plan: Plan, _ out: inout TextBytes) {
        if !plan.operations.isEmpty { out.newline() }
        for warning in plan.warnings {
            out.append("warning: ")
            out.append(warning)
            out.newline()
        }
        if plan.isEmpty {
            out.append("No changes. Accounts match the directory.")
        } else {
            let s = plan.summary
            out.append("Plan: ")
            out.append(s.create)
            out.append(" to create, ")
            if s.adopt > 0 {
                out.append(s.adopt)
                out.append(" to adopt, ")
            }
            out.append(s.update)
            out.append(" to update, ")
            out.append(s.deactivate)
            out.append(" to deactivate, ")
            out.append(s.reactivate)
            out.append(" to reactivate, ")
            out.append(s.delete)
            out.append(" to delete.")
        }
        out.newline()
    }

    /// `username <email>`, or the username alone.
    static func who(_ username: String, _ email: String?, _ out: inout TextBytes) {
        out.append(username)
        if let email {
            out.append(" <")
            out.append(email)
            out.append(">")
        }
    }

    /// `username (reason)` and the end of the line.
    static func gone(_ username: String, _ reason: String, _ out: inout TextBytes) {
        out.append(username)
        out.append(" (")
        out.append(reason)
        out.append(")")
        out.newline()
    }

    /// ` roles: a, b; projects: p=all; tags: T`, leaving out what is empty.
    static func state(
        _ roles: [String]?, _ projects: [String: Permission]?, _ tags: [String]?, _ out: inout TextBytes
    ) {
        var separator: StaticString = " "
        if let roles, !roles.isEmpty {
            out.append(separator)
            out.append("roles: ")
            out.append(roles, separator: ", ") { $0.append($1) }
            separator = "; "
        }
        if let projects, !projects.isEmpty {
            out.append(separator)
            out.append("projects: ")
            out.append(projects.sorted { $0.key < $1.key }, separator: ", ") { out, project in
                out.append(project.key)
                out.append("=")
                out.append(project.value.rawValue)
            }
            separator = "; "
        }
        if let tags, !tags.isEmpty {
            out.append(separator)
            out.append("tags: ")
            out.append(tags, separator: ", ") { $0.append($1) }
        }
    }

    /// The indented `old -> new` lines under an update or reactivate.
    static func details(_ op: AccountOperation, _ out: inout TextBytes) {
        guard let c = op.changes else { return }
        func line(_ label: StaticString, _ body: (inout TextBytes) -> Void) {
            out.append("    ")
            out.append(label)
            body(&out)
            out.newline()
        }
        func shown(_ value: String?) -> String { (value ?? "").isEmpty ? "(none)" : value! }
        if let from = c.identityFrom {
            line("re-linked from: ") { $0.append(from) }
        }
        if let from = c.usernameFrom {
            line("username: ") { $0.append(from); $0.append(" -> "); $0.append(op.username) }
        }
        if let from = c.emailFrom {
            line("email: ") { $0.append(shown(from)); $0.append(" -> "); $0.append(shown(op.email)) }
        }
        if let from = c.displayNameFrom {
            line("display name: ") { $0.append(shown(from)); $0.append(" -> "); $0.append(shown(op.displayName)) }
        }
        let roles = c.rolesAdded.map { "+\($0)" } + c.rolesRemoved.map { "-\($0)" }
        if !roles.isEmpty {
            line("roles: ") { $0.append(roles, separator: " ") { $0.append($1) } }
        }
        let projects =
            c.projectsSet.keys.sorted().map { "+\($0)=\(c.projectsSet[$0]!.rawValue)" } + c.projectsRemoved.map { "-\($0)" }
        if !projects.isEmpty {
            line("projects: ") { $0.append(projects, separator: " ") { $0.append($1) } }
        }
        let tags = (c.tagsAdded ?? []).map { "+\($0)" } + (c.tagsRemoved ?? []).map { "-\($0)" }
        if !tags.isEmpty {
            line("tags: ") { $0.append(tags, separator: " ") { $0.append($1) } }
        }
    }

    /// `p=all, q=read-only`, sorted by project (also used by `explain`).
    static func projectList(_ projects: [String: Permission]) -> String {
        projects.keys.sorted().map { "\($0)=\(projects[$0]!.rawValue)" }.joined(separator: ", ")
    }

    /// The detail lines of an operation, for `explain`.
    static func details(_ op: AccountOperation) -> [String] {
        var out = TextBytes()
        details(op, &out)
        return String(decoding: out.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
