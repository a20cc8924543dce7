import DirSyncCore
import Yams

/// Reads one mapping file's top level: version, scope, the role catalogue, defaults,
/// domains, rules and excludes. `${name}` is never expanded here: it is a regex capture.
struct MappingFileParser {
    let reader: YAMLReader

    static let topKeys = ["version", "scope", "roles", "defaults", "domains", "rules", "exclude"]

    func parse(_ root: Node) -> MappingFile {
        var file = MappingFile(file: reader.file)
        guard let fields = reader.fields(root, in: "the mapping file", allowed: MappingFileParser.topKeys) else { return file }
        if let node = fields["version"] { VersionCheck.check(node, reader: reader) }
        if let node = fields["scope"], let v = reader.choice(node, ["mapped", "all"]) {
            file.scope = (MappingSet.Scope(rawValue: v)!, reader.location(node))
        }
        if let node = fields["roles"] { file.roles = roles(node, into: &file) }
        if let node = fields["defaults"], let d = reader.fields(node, in: "defaults", allowed: ["roles"]), let r = d["roles"] {
            file.defaultRoles = roleList(r, into: &file) ?? []
        }
        if let node = fields["domains"] { file.domains = domains(node, into: &file) }
        if let node = fields["rules"], let items = reader.list(node, of: "rules") {
            let rules = RuleParser(reader: reader)
            for item in items {
                if let rule = rules.rule(item, references: &file.references, tested: &file.testedRoles) { file.rules.append(rule) }
            }
        }
        if let node = fields["exclude"], let items = reader.list(node, of: "exclude patterns") {
            for item in items { if let e = exclude(item) { file.excludes.append(e) } }
        }
        return file
    }

    /// A list of role names, each remembered as a reference for the catalogue check.
    func roleList(_ node: Node, into file: inout MappingFile) -> [String]? {
        guard let list = reader.stringList(node) else { return nil }
        for (name, item) in list { file.references.append(.init(name: name, location: reader.location(item))) }
        return list.map(\.value)
    }

    private func roles(_ node: Node, into file: inout MappingFile) -> [RoleDefinition]? {
        guard case .mapping(let mapping) = node else {
            if reader.isNull(node) { return [] }
            reader.report("expected a mapping of role names to { includes: [...], tags: [...] }, found \(reader.kind(node))", at: node)
            return nil
        }
        // fields() with every key allowed reports duplicates; the names themselves are free.
        let names = Array(mapping.keys.compactMap { $0.scalar?.string })
        guard let entries = reader.fields(node, in: "roles", allowed: names) else { return nil }
        var result: [RoleDefinition] = []
        for pair in entries.pairs {
            guard !pair.key.isEmpty else { reader.report("a role name is empty", at: pair.keyNode); continue }
            var role = RoleDefinition(name: pair.key, location: reader.location(pair.keyNode))
            if let def = reader.fields(pair.value, in: "role '\(pair.key)'", allowed: ["includes", "tags"]) {
                if let n = def["includes"] { role.includes = roleList(n, into: &file) ?? [] }
                if let n = def["tags"] { role.tags = reader.stringList(n)?.map(\.value) ?? [] }
            }
            result.append(role)
        }
        return result
    }

    private func domains(_ node: Node, into file: inout MappingFile) -> [DomainRule]? {
        guard let items = reader.list(node, of: "domains ({ domain: example.com, roles: [...] })") else { return nil }
        var result: [DomainRule] = []
        for item in items {
            guard let fields = reader.fields(item, in: "domains entry", allowed: ["domain", "roles"]) else { continue }
            guard let domainNode = fields["domain"] else {
                reader.report("a domains entry needs domain: (e.g. example.com or \"*.example.com\")", at: item)
                continue
            }
            guard let raw = reader.nonEmptyString(domainNode, what: "domain") else { continue }
            let domain = raw.trimmingCharacters(in: .whitespaces).lowercased()
            let body = domain.hasPrefix("*.") ? String(domain.dropFirst(2)) : domain
            if body.isEmpty || body.contains("@") || body.contains("*") || body.contains(" ") || body.hasPrefix(".") {
                reader.report("domain '\(raw)' must be a domain such as example.com, or \"*.example.com\" for its subdomains", at: domainNode)
                continue
            }
            var rule = DomainRule(domain: domain, location: reader.location(item))
            if let r = fields["roles"] { rule.roles = roleList(r, into: &file) ?? [] }
            result.append(rule)
        }
        return result
    }

    private func exclude(_ node: Node) -> ExcludeRule? {
        guard let fields = reader.fields(node, in: "exclude entry", allowed: ["username", "email"]) else { return nil }
        guard fields.pairs.count == 1, let pair = fields.pairs.first else {
            let written = node.mapping?.count ?? 0
            if fields.pairs.count > 1 || written == 0 {
                reader.report("an exclude entry takes exactly one of username: or email: (a glob such as \"svc-*\")", at: node)
            }
            return nil
        }
        guard let pattern = reader.nonEmptyString(pair.value, what: pair.key) else { return nil }
        return ExcludeRule(field: ExcludeRule.Field(rawValue: pair.key)!, pattern: pattern, location: reader.location(node))
    }
}
