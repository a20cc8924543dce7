import DirSyncCore
import Foundation

/// The SCIM Groups that carry project memberships (`project_group`) and, under
/// `roles_as: groups`, roles (`role_group`): their names both ways.
///
/// Reading must invert writing exactly, or a second plan would not be empty; so both
/// directions are derived from the same template here.
public struct GroupNames: Sendable {
    let projectTemplate: String
    let roleTemplate: String?
    private let projectPattern: NSRegularExpression
    private let rolePattern: NSRegularExpression?
    /// Under a bare `{role}` template (no text of its own), the roles whose groups are
    /// dirsync's: such a template fits every name, and the application's own groups (teams,
    /// owners of resources) must not be taken for roles and emptied of managed people.
    private let bareTemplateRoles: Set<String>?

    /// What a group stands for.
    public enum Meaning: Sendable, Hashable {
        case project(String, Permission)
        case role(String)
    }

    /// `roleTemplate` nil: roles travel as the `roles` attribute, and no group is a role.
    /// `knownRoles`: the roles the mappings know (`MappingSet.knownRoles`); under a bare
    /// `{role}` template only groups named after one of them are role groups (nil: any).
    public init(projectTemplate: String, roleTemplate: String?, knownRoles: Set<String>? = nil) {
        self.projectTemplate = projectTemplate
        self.roleTemplate = roleTemplate
        bareTemplateRoles = roleTemplate == "{role}" ? knownRoles : nil
        projectPattern = GroupNames.pattern(
            projectTemplate,
            ["{project}": "(?<project>.+?)", "{permission}": "(?<permission>all|read-only)"])
        rolePattern = roleTemplate.map { GroupNames.pattern($0, ["{role}": "(?<role>.+)"]) }
    }

    public func project(_ project: String, _ permission: Permission) -> String {
        projectTemplate.replacingOccurrences(of: "{project}", with: project)
            .replacingOccurrences(of: "{permission}", with: permission.rawValue)
    }

    public func role(_ role: String) -> String? {
        roleTemplate.map { $0.replacingOccurrences(of: "{role}", with: role) }
    }

    /// What `name` stands for; nil for a group dirsync does not manage. A name that fits
    /// both templates is a project group (the project template is the more specific one).
    public func meaning(of name: String) -> Meaning? {
        let range = NSRange(name.startIndex..., in: name)
        if let match = projectPattern.firstMatch(in: name, range: range),
           let project = Range(match.range(withName: "project"), in: name),
           let permission = Range(match.range(withName: "permission"), in: name),
           let value = Permission(rawValue: String(name[permission])) {
            return .project(String(name[project]), value)
        }
        if let rolePattern, let match = rolePattern.firstMatch(in: name, range: range),
           let role = Range(match.range(withName: "role"), in: name) {
            if let bareTemplateRoles, !bareTemplateRoles.contains(String(name[role])) { return nil }
            return .role(String(name[role]))
        }
        return nil
    }

    /// The names of the groups that hold `roles` and `projects` (roles only under
    /// `roles_as: groups`).
    public func names(roles: [String], projects: [String: Permission]) -> Set<String> {
        var names = Set(projects.map { project($0.key, $0.value) })
        for role in roles { if let name = self.role(role) { names.insert(name) } }
        return names
    }

    /// An anchored regex matching the template's literal text exactly and its placeholders
    /// by `captures`.
    private static func pattern(_ template: String, _ captures: [String: String]) -> NSRegularExpression {
        var regex = "^"
        var rest = Substring(template)
        while !rest.isEmpty {
            if let (placeholder, capture) = captures.first(where: { rest.hasPrefix($0.key) }) {
                regex += capture
                rest = rest.dropFirst(placeholder.count)
            } else {
                regex += NSRegularExpression.escapedPattern(for: String(rest.first!))
                rest = rest.dropFirst()
            }
        }
        // The templates are validated when the config is read; a pattern that still fails
        // to compile matches nothing rather than everything.
        return (try? NSRegularExpression(pattern: regex + "$")) ?? (try! NSRegularExpression(pattern: "(?!)"))
    }
}
