import DirSyncCore
import Yams

/// Reads a source's `users:` and `groups:` blocks into `UserSchema` / `GroupSchema`,
/// starting from their defaults so that an operator writes only what differs.
struct SchemaParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let userKeys = ["base", "filter", "id", "username", "email", "display_name", "disabled", "attributes"]
    static let groupKeys = ["base", "filter", "name", "member", "nested"]

    /// `requireBase`: LDAP needs a search base; an LDIF file may be read whole.
    func users(_ node: Node?, owner: String, parent: Node, requireBase: Bool) -> UserSchema? {
        guard let node else {
            if requireBase { reader.report("\(owner) needs users: with at least base: (the DN under which users live)", at: parent) }
            return requireBase ? nil : UserSchema()
        }
        guard let fields = reader.fields(node, in: "users", allowed: SchemaParser.userKeys) else { return nil }
        var schema = UserSchema()
        var ok = true
        func text(_ key: String, _ set: (String) -> Void) {
            guard let value = fields[key] else { return }
            if let s = reader.nonEmptyString(value, what: key) { set(s) } else { ok = false }
        }
        text("base") { schema.base = $0 }
        text("filter") { schema.filter = $0 }
        text("id") { schema.id = $0 }
        text("username") { schema.username = $0 }
        text("email") { schema.email = $0 }
        text("display_name") { schema.displayName = $0 }
        if requireBase, !fields.has("base") {
            reader.report("users in \(owner) needs base: (the DN under which users live)", at: fields.node)
            ok = false
        }
        if let value = fields["disabled"] {
            switch disabled(value) {
            case .some(let rule): schema.disabled = rule
            case .none: ok = false
            }
        }
        if let value = fields["attributes"] {
            if let list = reader.stringList(value) { schema.attributes = list.map(\.value) } else { ok = false }
        }
        return ok ? schema : nil
    }

    /// `{attribute, equals}` or `{active_directory: true}`; `.some(nil)` when switched off.
    private func disabled(_ node: Node) -> DisabledRule?? {
        guard let fields = reader.fields(node, in: "disabled", allowed: ["attribute", "equals", "active_directory"]) else { return .none }
        if let ad = fields["active_directory"] {
            if fields.has("attribute") || fields.has("equals") {
                reader.report("disabled takes either active_directory: true or attribute: and equals:, not both", at: node)
                return .none
            }
            guard let on = reader.bool(ad) else { return .none }
            return .some(on ? .activeDirectory : nil)
        }
        guard let attribute = fields["attribute"], let equals = fields["equals"] else {
            reader.report("disabled needs attribute: and equals: (e.g. { attribute: nsAccountLock, equals: \"TRUE\" }) or active_directory: true", at: node)
            return .none
        }
        guard let name = reader.nonEmptyString(attribute, what: "attribute"), let value = reader.string(equals) else { return .none }
        return .some(.attribute(name: name, equals: value))
    }

    func groups(_ node: Node?, owner: String, requireBase: Bool) -> GroupSchema?? {
        guard let node else { return .some(nil) }
        guard let fields = reader.fields(node, in: "groups", allowed: SchemaParser.groupKeys) else { return .none }
        var schema = GroupSchema()
        var ok = true
        func text(_ key: String, _ set: (String) -> Void) {
            guard let value = fields[key] else { return }
            if let s = reader.nonEmptyString(value, what: key) { set(s) } else { ok = false }
        }
        text("base") { schema.base = $0 }
        text("filter") { schema.filter = $0 }
        text("name") { schema.name = $0 }
        if requireBase, !fields.has("base") {
            reader.report("groups in \(owner) needs base: (the DN under which groups live)", at: fields.node)
            ok = false
        }
        if let value = fields["member"] {
            if let list = reader.stringList(value, allowSingle: true) {
                var members: [MemberAttribute] = []
                for (name, itemNode) in list {
                    if let attr = MemberAttribute.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) {
                        if !members.contains(attr) { members.append(attr) }
                    } else {
                        let names = MemberAttribute.allCases.map(\.rawValue)
                        reader.report("unknown member attribute '\(name)'; use \(names.joined(separator: ", "))\(KeySuggestion.hint(for: name, in: names))", at: itemNode)
                        ok = false
                    }
                }
                if members.isEmpty, ok {
                    reader.report("member needs at least one of member, uniqueMember, memberUid", at: value)
                    ok = false
                }
                schema.member = members
            } else {
                ok = false
            }
        }
        if let value = fields["nested"] {
            if let b = reader.bool(value) { schema.nested = b } else { ok = false }
        }
        return ok ? .some(schema) : .none
    }
}
