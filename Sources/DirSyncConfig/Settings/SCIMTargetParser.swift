import DirSyncCore
import Yams

/// Reads `target: { type: scim, ... }`: how to reach the application and how roles,
/// projects and tags are written there.
///
/// The group-name templates are checked strictly because a wrong one does damage quietly:
/// without `{permission}` an `all` and a `read-only` membership would land in one group.
struct SCIMTargetParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let keys = SCIMConnectionParser.keys + ["roles_as", "role_group", "project_group", "concurrency", "bulk", "tags_as"]

    /// The settings, or nil after reporting every problem found.
    func target(_ fields: Fields) -> SCIMTargetSettings? {
        var ok = true
        let connection = SCIMConnectionParser(context: context).connection(fields, label: "target")
        if connection == nil { ok = false }
        var settings = SCIMTargetSettings(connection: connection ?? SCIMConnectionSettings(url: ""))
        if let node = fields["roles_as"] {
            if let v = reader.choice(node, ["attribute", "groups"]) { settings.rolesAs = .init(rawValue: v)! } else { ok = false }
        }
        // Accepted with roles_as: attribute too, where it has no effect: the contract's own
        // example lists both, and a config that switches roles_as keeps its role_group.
        if let node = fields["role_group"] {
            if let v = template(node, key: "role_group", required: ["role"], example: "app-{role}") { settings.roleGroup = v } else { ok = false }
        }
        if let node = fields["project_group"] {
            if let v = template(node, key: "project_group", required: ["project", "permission"], example: "{project}:{permission}") {
                settings.projectGroup = v
            } else { ok = false }
        }
        if let node = fields["concurrency"] {
            if let n = reader.int(node, in: 1...64, key: "concurrency", why: "requests in flight while applying; 8 by default") {
                settings.concurrency = n
            } else { ok = false }
        }
        if let node = fields["bulk"] {
            if let v = reader.choice(node, ["auto", "off"]) { settings.bulk = .init(rawValue: v)! } else { ok = false }
        }
        if let node = fields["tags_as"] {
            if let v = reader.choice(node, ["entitlements", "none"]) { settings.tagsAs = .init(rawValue: v)! } else { ok = false }
        }
        return ok ? settings : nil
    }

    /// A group displayName template that uses every placeholder of `required` and no other,
    /// so that a misspelt `{permision}` is an error rather than part of a group name.
    private func template(_ node: Node, key: String, required: [String], example: String) -> String? {
        guard let text = reader.nonEmptyString(node, what: key) else { return nil }
        let used = SCIMTargetParser.placeholders(in: text)
        let missing = required.filter { !used.contains($0) }
        let unknown = used.filter { !required.contains($0) }
        let needs = required.map { "{\($0)}" }.joined(separator: " and ")
        if !missing.isEmpty {
            var why = ""
            if key == "project_group", missing.contains("permission") {
                why = " (without {permission} an all and a read-only membership of one project would be the same group)"
            }
            reader.report("\(key) must contain \(needs), e.g. \"\(example)\"\(why)", at: node)
            return nil
        }
        if let first = unknown.first {
            let hint = KeySuggestion.closest(to: first, in: required).map { "did you mean {\($0)}?" } ?? "e.g. \"\(example)\""
            reader.report("\(key) knows only \(needs), found {\(first)}; \(hint)", at: node)
            return nil
        }
        return text
    }

    /// The names written as `{name}` in a template, in order.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }
}
