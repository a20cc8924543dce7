import DirSyncCore
import Yams

/// Reads `target:`: the embedded store (default) or an application's SCIM endpoint.
struct TargetParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let scimKeys = SCIMTargetParser.keys

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
        return SCIMTargetParser(context: context).target(fields).map { .scim($0) }
    }
}
