import DirSyncCore
import Foundation
import Yams

/// Reads one `rules:` entry: its condition, roles, project grants and `every_project:`,
/// and checks that every `${name}` in a project name is captured by a regex of the
/// condition, and that a rule testing held roles grants none.
struct RuleParser {
    let reader: YAMLReader

    static let keys = ["name", "when", "roles", "projects", "every_project"]

    /// - Parameters:
    ///   - references: every role the rule grants, for the catalogue check.
    ///   - tested: the roles its `role:` conditions test.
    func rule(
        _ node: Node, references: inout [MappingFile.RoleReference], tested: inout [MappingFile.RoleReference]
    ) -> MappingRule? {
        guard let location = reader.location(node) else { return nil }
        guard let fields = reader.fields(node, in: "rule", allowed: RuleParser.keys) else { return nil }
        let before = reader.diagnostics.problems.count
        var name: String?
        if let n = fields["name"] { name = reader.nonEmptyString(n, what: "name") }
        var condition: Condition?
        var captures: Set<String> = []
        var testedRoles: [MappingFile.RoleReference] = []
        if let n = fields["when"] {
            condition = ConditionParser(reader: reader).condition(n, captures: &captures, roles: &testedRoles)
            tested += testedRoles
        } else {
            reader.report("a rule needs when: (e.g. when: { group: admins })", at: node)
        }
        var roles: [String] = []
        if let n = fields["roles"], !testedRoles.isEmpty {
            reader.report(
                "a rule whose when: tests role: cannot grant roles: (that would make the result depend on rule order); grant roles from roles with includes: in the roles: catalogue",
                at: fields.keyNode("roles")!)
        } else if let n = fields["roles"], let list = reader.stringList(n) {
            roles = list.map(\.value)
            for (role, item) in list { references.append(.init(name: role, location: reader.location(item))) }
        }
        var projects: [ProjectGrant] = []
        if let n = fields["projects"] { projects = grants(n, captures: captures, checkCaptures: condition != nil) }
        var everyProject: Permission?
        if let n = fields["every_project"] { everyProject = floor(n) }
        if fields["roles"] == nil, fields["projects"] == nil, fields["every_project"] == nil {
            reader.report("a rule needs roles: or projects: (what it grants)", at: node)
        }
        guard reader.diagnostics.problems.count == before, let condition else { return nil }
        return MappingRule(
            name: name, condition: condition, roles: roles, projects: projects, everyProject: everyProject, location: location)
    }

    /// `every_project: all`. `read-only` is refused: `all` already wins over it, so it
    /// would change nothing, and a reader would expect it to lower permissions.
    private func floor(_ node: Node) -> Permission? {
        if node.scalar?.string == Permission.readOnly.rawValue {
            reader.report("every_project: read-only would change nothing (all wins over read-only); write every_project: all, or grant read-only per project under projects:", at: node)
            return nil
        }
        return reader.choice(node, [Permission.all.rawValue]).flatMap(Permission.init(rawValue:))
    }

    /// `{ project: all | read-only }`, in file order.
    private func grants(_ node: Node, captures: Set<String>, checkCaptures: Bool) -> [ProjectGrant] {
        guard case .mapping(let mapping) = node else {
            reader.report("expected projects as a mapping of project name to all or read-only, found \(reader.kind(node))", at: node)
            return []
        }
        let names = Array(mapping.keys.compactMap { $0.scalar?.string })
        guard let fields = reader.fields(node, in: "projects", allowed: names) else { return [] }
        var result: [ProjectGrant] = []
        for pair in fields.pairs {
            if pair.key.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.report("a project name is empty", at: pair.keyNode)
                continue
            }
            if checkCaptures {
                for placeholder in RuleParser.placeholders(in: pair.key) where !captures.contains(placeholder) {
                    let known = captures.isEmpty ? "it has no named captures" : "it captures \(captures.sorted().joined(separator: ", "))"
                    reader.report("project '\(pair.key)' uses ${\(placeholder)}, but no regex in this rule's when captures it (\(known)); add (?<\(placeholder)>...) to the regex", at: pair.keyNode)
                }
            }
            guard let perm = reader.choice(pair.value, Permission.allCases.map(\.rawValue).reversed()) else { continue }
            result.append(ProjectGrant(project: pair.key, permission: Permission(rawValue: perm)!))
        }
        return result
    }

    /// The `name`s of every `${name}` in a project name.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[after.startIndex..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }
}
