import DirSyncCore
import Yams

/// Reads a rule's `when:` into a `Condition`: group, attribute equals/matches, held role,
/// and the all/any/not combinators. Collects the named captures of every regex it compiles
/// and the roles it tests (checked against the catalogue once every file is read).
struct ConditionParser {
    let reader: YAMLReader

    static let keys = ["group", "attribute", "equals", "matches", "role", "all", "any", "not"]

    func condition(_ node: Node, captures: inout Set<String>, roles: inout [MappingFile.RoleReference]) -> Condition? {
        guard case .mapping = node else {
            reader.report("expected a condition such as { group: admins } or { attribute: departmentNumber, equals: \"4711\" }, found \(reader.kind(node))", at: node)
            return nil
        }
        guard let fields = reader.fields(node, in: "when", allowed: ConditionParser.keys) else { return nil }
        let forms = ["group", "attribute", "role", "all", "any", "not"].filter { fields.has($0) }
        guard forms.count == 1, let form = forms.first else {
            let message = forms.isEmpty
                ? "a condition needs one of group:, attribute:, role:, all:, any: or not:"
                : "a condition takes one of \(forms.joined(separator: ", ")); combine several with all: [...] or any: [...]"
            if !(forms.isEmpty && fields.pairs.isEmpty && (node.mapping?.count ?? 0) > 0) { reader.report(message, at: node) }
            return nil
        }
        if form != "attribute" {
            for extra in ["equals", "matches"] where fields.has(extra) {
                reader.report("\(extra): belongs with attribute:, not with \(form):", at: fields.keyNode(extra)!)
                return nil
            }
        }
        switch form {
        case "group":
            return group(fields["group"]!, captures: &captures).map { .group($0) }
        case "attribute":
            return attribute(fields, at: node, captures: &captures)
        case "role":
            let roleNode = fields["role"]!
            guard let name = reader.nonEmptyString(roleNode, what: "role") else { return nil }
            roles.append(.init(name: name, location: reader.location(roleNode)))
            return .role(name)
        case "all", "any":
            let listNode = fields[form]!
            guard let items = reader.list(listNode, of: "conditions") else { return nil }
            if items.isEmpty {
                reader.report("\(form): needs at least one condition", at: listNode)
                return nil
            }
            var parts: [Condition] = []
            var ok = true
            for item in items {
                if let c = condition(item, captures: &captures, roles: &roles) { parts.append(c) } else { ok = false }
            }
            guard ok else { return nil }
            return form == "all" ? .all(parts) : .any(parts)
        default:
            return condition(fields["not"]!, captures: &captures, roles: &roles).map { .not($0) }
        }
    }

    private func group(_ node: Node, captures: inout Set<String>) -> GroupMatcher? {
        guard let value = reader.nonEmptyString(node, what: "group") else { return nil }
        if value.hasPrefix("/") {
            return regex(value, at: node, captures: &captures).map { .regex($0) }
        }
        if value.contains("=") { return .dn(value) }
        if value.contains("*") || value.contains("?") { return .glob(value) }
        return .name(value)
    }

    private func attribute(_ fields: Fields, at node: Node, captures: inout Set<String>) -> Condition? {
        guard let name = reader.nonEmptyString(fields["attribute"]!, what: "attribute") else { return nil }
        let attribute = name.lowercased()
        switch (fields["equals"], fields["matches"]) {
        case (let equals?, nil):
            return reader.string(equals).map { .attribute(name: attribute, .equals($0)) }
        case (nil, let matches?):
            guard let pattern = reader.nonEmptyString(matches, what: "matches") else { return nil }
            if pattern.hasPrefix("/") {
                return regex(pattern, at: matches, captures: &captures).map { .attribute(name: attribute, .regex($0)) }
            }
            return .attribute(name: attribute, .glob(pattern))
        case (.some, .some):
            reader.report("an attribute condition takes equals: or matches:, not both", at: fields.keyNode("matches")!)
            return nil
        case (nil, nil):
            reader.report("attribute: needs equals: (a value) or matches: (a glob or /regex/)", at: node)
            return nil
        }
    }

    /// Compiles `/pattern/`; the engine's own message explains an invalid one.
    private func regex(_ value: String, at node: Node, captures: inout Set<String>) -> RegexPattern? {
        guard value.count >= 2, value.hasSuffix("/") else {
            reader.report("regex '\(value)' must end with '/'; flags are not supported (write (?i) inside the pattern)", at: node)
            return nil
        }
        let source = String(value.dropFirst().dropLast())
        if source.isEmpty {
            reader.report("empty regex '//'; write a pattern between the slashes", at: node)
            return nil
        }
        do {
            let pattern = try RegexPattern(source)
            captures.formUnion(pattern.captureNames)
            return pattern
        } catch {
            reader.report("invalid regex /\(source)/: \(RegexMessage.describe(source))", at: node)
            return nil
        }
    }
}
