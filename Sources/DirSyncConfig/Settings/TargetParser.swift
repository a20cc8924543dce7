import DirSyncCore
import Yams

/// Reads `target:`: the embedded store (default) or an application's SCIM endpoint.
struct TargetParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let scimKeys = ["url", "token_file", "token_env", "ca_file", "roles_as", "role_group", "project_group", "timeout"]

    func target(_ node: Node?) -> TargetSettings? {
        guard let node else { return .store }
        if reader.isNull(node) { return .store }
        guard case .mapping = node else {
            reader.report("expected a mapping for target (e.g. { type: store }), found \(reader.kind(node))", at: node)
            return nil
        }
        let probe = YAMLReader(file: reader.file, diagnostics: Diagnostics(), environment: reader.environment)
        let type: String
        if let typeNode = probe.fields(node, in: "target", allowed: ["type"] + TargetParser.scimKeys)?["type"] {
            guard let t = reader.choice(typeNode, ["store", "scim"]) else { return nil }
            type = t
        } else {
            type = "store"
        }
        if type == "store" {
            guard reader.fields(node, in: "target (type store)", allowed: ["type"]) != nil else { return nil }
            return .store
        }
        guard let fields = reader.fields(node, in: "target (type scim)", allowed: ["type"] + TargetParser.scimKeys) else { return nil }
        let before = reader.diagnostics.problems.count
        let url = SourceParser(context: context).httpURL(fields, label: "target")
        var settings = SCIMTargetSettings(connection: SCIMConnectionSettings(url: url ?? ""))
        settings.connection.token = context.secret(fields, fileKey: "token_file", envKey: "token_env", context: "target")
        if let n = fields["ca_file"] { settings.connection.caFile = context.readablePath(n, what: "ca_file") }
        if let n = fields["roles_as"], let v = reader.choice(n, ["attribute", "groups"]) {
            settings.rolesAs = SCIMTargetSettings.RolesAs(rawValue: v)!
        }
        if let n = fields["role_group"], let v = reader.nonEmptyString(n, what: "role_group") {
            if v.contains("{role}") { settings.roleGroup = v } else {
                reader.report("role_group must contain {role}, e.g. \"app-{role}\"", at: n)
            }
        }
        if let n = fields["project_group"], let v = reader.nonEmptyString(n, what: "project_group") {
            if v.contains("{project}") { settings.projectGroup = v } else {
                reader.report("project_group must contain {project}, e.g. \"{project}:{permission}\"", at: n)
            }
        }
        if let n = fields["timeout"], let t = context.duration(n, what: "timeout") { settings.connection.timeoutSeconds = t }
        if let typeNode = fields["type"] {
            reader.report(
                "a SCIM target is coming but not supported yet; use type: store (the default, accounts in the state database) for now",
                at: typeNode)
        }
        return reader.diagnostics.problems.count == before ? .scim(settings) : nil
    }
}
