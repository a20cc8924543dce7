/// The plan for people, terraform style: one line per operation, `old -> new` details
/// under updates, warnings, and one closing summary line.
public enum PlanTableRenderer {
    public static func render(_ plan: Plan) -> String {
        var lines: [String] = []
        for op in plan.operations {
            switch op.action {
            case .create:
                lines.append("+ create \(who(op))\(state(op))")
            case .update:
                lines.append("~ update \(op.username)")
                lines.append(contentsOf: details(op))
            case .reactivate:
                lines.append("> reactivate \(who(op))\(state(op))")
                lines.append(contentsOf: details(op))
            case .deactivate:
                lines.append("- deactivate \(op.username) (\(op.reason))")
            case .delete:
                lines.append("x delete \(op.username) (\(op.reason))")
            }
        }
        if !lines.isEmpty { lines.append("") }
        for warning in plan.warnings { lines.append("warning: \(warning)") }
        if plan.isEmpty {
            lines.append("No changes. Accounts match the directory.")
        } else {
            let s = plan.summary
            lines.append(
                "Plan: \(s.create) to create, \(s.update) to update, \(s.deactivate) to deactivate, "
                    + "\(s.reactivate) to reactivate, \(s.delete) to delete.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func who(_ op: Operation) -> String {
        op.email.map { "\(op.username) <\($0)>" } ?? op.username
    }

    static func state(_ op: Operation) -> String {
        var parts: [String] = []
        if let roles = op.roles, !roles.isEmpty { parts.append("roles: " + roles.joined(separator: ", ")) }
        if let projects = op.projects, !projects.isEmpty { parts.append("projects: " + projectList(projects)) }
        if let tags = op.tags, !tags.isEmpty { parts.append("tags: " + tags.joined(separator: ", ")) }
        return parts.isEmpty ? "" : " " + parts.joined(separator: "; ")
    }

    static func projectList(_ projects: [String: Permission]) -> String {
        projects.keys.sorted().map { "\($0)=\(projects[$0]!.rawValue)" }.joined(separator: ", ")
    }

    static func details(_ op: Operation) -> [String] {
        guard let c = op.changes else { return [] }
        func shown(_ value: String?) -> String { (value ?? "").isEmpty ? "(none)" : value! }
        var lines: [String] = []
        let indent = "    "
        if let from = c.usernameFrom { lines.append("\(indent)username: \(from) -> \(op.username)") }
        if let from = c.emailFrom { lines.append("\(indent)email: \(shown(from)) -> \(shown(op.email))") }
        if let from = c.displayNameFrom { lines.append("\(indent)display name: \(shown(from)) -> \(shown(op.displayName))") }
        let roles = c.rolesAdded.map { "+\($0)" } + c.rolesRemoved.map { "-\($0)" }
        if !roles.isEmpty { lines.append("\(indent)roles: " + roles.joined(separator: " ")) }
        let projects = c.projectsSet.keys.sorted().map { "+\($0)=\(c.projectsSet[$0]!.rawValue)" } + c.projectsRemoved.map { "-\($0)" }
        if !projects.isEmpty { lines.append("\(indent)projects: " + projects.joined(separator: " ")) }
        let tags = (c.tagsAdded ?? []).map { "+\($0)" } + (c.tagsRemoved ?? []).map { "-\($0)" }
        if !tags.isEmpty { lines.append("\(indent)tags: " + tags.joined(separator: " ")) }
        return lines
    }
}
