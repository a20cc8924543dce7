import Foundation

/// `explain` for people: the explanation as indented text, section by section.
public enum ExplanationRenderer {
    public static func render(_ e: Explanation) -> String {
        var lines: [String] = []
        lines.append(e.key.map { "\(e.query) (match key \($0))" } ?? e.query)
        lines.append("")
        lines.append("Source entries:")
        if e.entries.isEmpty { lines.append("  (none)") }
        for entry in e.entries {
            lines.append("  \(entry.source): \(entry.dn)")
            lines.append("    id: \(entry.id)")
            lines.append("    username: \(entry.username ?? "(none)")")
            lines.append("    email: \(entry.email ?? "(none)")")
            lines.append("    display name: \(entry.displayName ?? "(none)")")
            lines.append("    disabled: \(entry.disabled ? "yes" : "no")")
            for name in entry.attributes.keys.sorted() {
                lines.append("    \(name): \(entry.attributes[name]!.joined(separator: ", "))")
            }
        }
        lines.append("Groups:")
        if e.groups.isEmpty { lines.append("  (none)") }
        for group in e.groups {
            let how = group.direct ? "direct" : "via \(group.path)"
            lines.append("  \(group.name) (\(group.source), \(how))")
        }
        lines.append("Rules matched:")
        if e.rules.isEmpty { lines.append("  (none)") }
        for rule in e.rules {
            // An unnamed rule's label already is its location.
            var line = rule.label.hasPrefix("rule at ") ? "  \(rule.label)" : "  \(rule.label) at \(rule.location)"
            let captures = rule.captures.map { binding in
                binding.keys.sorted().map { "\($0)=\(binding[$0]!)" }.joined(separator: " ")
            }
            if !captures.isEmpty { line += " (captures: \(captures.joined(separator: "; ")))" }
            if let floor = rule.everyProject { line += " (every project: \(floor.rawValue))" }
            lines.append(line)
        }
        lines.append("Roles: \(list(e.roles))")
        lines.append("Projects: \(e.projects.isEmpty ? "(none)" : PlanTableRenderer.projectList(e.projects))")
        lines.append("Tags: \(list(e.tags))")
        lines.append("Scope: \(e.scope.decision.replacingOccurrences(of: "_", with: " ")): \(e.scope.reason)")
        if let a = e.account {
            var line = "Account: \(a.username)"
            if let email = a.email { line += " <\(email)>" }
            line += ", \(a.status.rawValue), \(a.managed ? "managed" : "not managed") (key \(a.key ?? "?"))"
            if let since = a.goneSince { line += ", gone since \(since)" }
            lines.append(line)
            lines.append("  roles: \(list(a.roles)); projects: \(a.projects.isEmpty ? "(none)" : PlanTableRenderer.projectList(a.projects)); tags: \(list(a.tags))")
        } else {
            lines.append("Account: (none)")
        }
        if let op = e.pendingOperation {
            lines.append("Pending: \(op.action.rawValue) (\(op.reason))")
            lines.append(contentsOf: PlanTableRenderer.details(op))
        } else {
            lines.append("Pending: nothing")
        }
        // Lines hold directory and target text: escaped line by line for the terminal, so a
        // newline inside a value cannot forge a line (`TerminalText`; JSON stays exact).
        return lines.map(TerminalText.escaped).joined(separator: "\n") + "\n"
    }

    static func list(_ values: [String]) -> String {
        values.isEmpty ? "(none)" : values.joined(separator: ", ")
    }
}
