import DirSyncCore
import Foundation
import Yams

/// Reads the `sources:` list: each entry's name, type and the keys of that type.
struct SourceParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let commonKeys = ["name", "type"]
    static let ldapKeys = [
        "url", "start_tls", "ca_file", "bind_dn", "bind_password_file", "bind_password_env",
        "page_size", "timeout", "users", "groups", "allow_plaintext_bind",
    ]
    static let ldifKeys = ["path", "users", "groups"]
    static let scimKeys = SCIMConnectionParser.keys + ["page_size"]
    static let types = ["ldap", "ldif", "scim"]

    func sources(_ node: Node?, parent: Node) -> [SourceSettings]? {
        guard let node else {
            reader.report("missing key 'sources'; list at least one directory to read (type ldap, ldif or scim)", at: parent)
            return nil
        }
        guard let items = reader.list(node, of: "sources") else { return nil }
        if items.isEmpty {
            reader.report("sources is empty; list at least one directory to read", at: node)
            return nil
        }
        var result: [SourceSettings] = []
        var ok = true
        var names: [String: Node] = [:]
        for item in items {
            guard let source = source(item, names: &names) else { ok = false; continue }
            result.append(source)
        }
        return ok ? result : nil
    }

    private func source(_ node: Node, names: inout [String: Node]) -> SourceSettings? {
        guard case .mapping = node else {
            reader.report("expected a source (a mapping with name: and type:), found \(reader.kind(node))", at: node)
            return nil
        }
        // Read name and type first: they decide which other keys are allowed.
        let all = SourceParser.commonKeys + SourceParser.ldapKeys + SourceParser.ldifKeys + SourceParser.scimKeys
        let probe = YAMLReader(file: reader.file, diagnostics: Diagnostics(), environment: reader.environment)
        let raw = probe.fields(node, in: "source", allowed: all)
        var name: String?
        if let nameNode = raw?["name"] {
            name = reader.string(nameNode)
            if let n = name {
                if n.isEmpty || !n.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
                    reader.report("source name '\(n)' may only contain a-z, 0-9 and '-'", at: nameNode)
                    name = nil
                } else if let first = names[n] {
                    let at = reader.location(first).map { " at line \($0.line), column \($0.column)" } ?? ""
                    reader.report("source name '\(n)' is already used\(at); names must be unique", at: nameNode)
                    name = nil
                } else {
                    names[n] = nameNode
                }
            }
        } else {
            reader.report("a source needs name: (unique, [a-z0-9-]+)", at: node)
        }
        let label = name.map { "source '\($0)'" } ?? "source"
        guard let typeNode = raw?["type"] else {
            reader.report("\(label) needs type: ldap, ldif or scim", at: node)
            _ = reader.fields(node, in: label, allowed: all)
            return nil
        }
        guard let type = reader.choice(typeNode, SourceParser.types) else { return nil }
        let typeKeys: [String]
        switch type {
        case "ldap": typeKeys = SourceParser.ldapKeys
        case "ldif": typeKeys = SourceParser.ldifKeys
        default: typeKeys = SourceParser.scimKeys
        }
        guard let fields = reader.fields(node, in: "\(label) (type \(type))", allowed: SourceParser.commonKeys + typeKeys) else { return nil }
        let kind: SourceSettings.Kind?
        switch type {
        case "ldap": kind = ldap(fields, label: label).map { .ldap($0) }
        case "ldif": kind = ldif(fields, label: label).map { .ldif($0) }
        default: kind = scim(fields, label: label).map { .scim($0) }
        }
        guard let name, let kind else { return nil }
        return SourceSettings(name: name, kind: kind, location: reader.location(node))
    }

    private func ldap(_ fields: Fields, label: String) -> LDAPSourceSettings? {
        var ok = true
        var urls: [String] = []
        if let node = fields["url"] {
            if let list = reader.stringList(node, allowSingle: true) {
                if list.isEmpty { reader.report("url needs at least one ldap://, ldaps:// or ldapi:// URL", at: node); ok = false }
                for (url, itemNode) in list {
                    let scheme = url.lowercased()
                    if scheme.hasPrefix("ldap://") || scheme.hasPrefix("ldaps://") || scheme.hasPrefix("ldapi://") {
                        urls.append(url)
                    } else {
                        reader.report("url '\(url)' must start with ldap://, ldaps:// or ldapi://", at: itemNode)
                        ok = false
                    }
                }
            } else { ok = false }
        } else {
            reader.report("\(label) needs url: (e.g. ldaps://ldap.example.com)", at: fields.node)
            ok = false
        }
        var settings = LDAPSourceSettings(urls: urls, users: UserSchema(), groups: nil)
        if let node = fields["start_tls"] { if let b = reader.bool(node) { settings.startTLS = b } else { ok = false } }
        if let node = fields["ca_file"] { if let p = context.readablePath(node, what: "ca_file") { settings.caFile = p } else { ok = false } }
        if let node = fields["bind_dn"] { if let s = reader.nonEmptyString(node, what: "bind_dn") { settings.bindDN = s } else { ok = false } }
        let problemsBefore = reader.diagnostics.problems.count
        settings.bindPassword = context.secret(fields, fileKey: "bind_password_file", envKey: "bind_password_env", context: label)
        if reader.diagnostics.problems.count != problemsBefore { ok = false }
        if let node = fields["page_size"] {
            if let n = reader.int(node, in: 1...100_000, key: "page_size", why: "1000-5000 reads fastest") {
                settings.pageSize = n
            } else { ok = false }
        }
        if let node = fields["timeout"] { if let t = context.duration(node, what: "timeout") { settings.timeoutSeconds = t } else { ok = false } }
        if let node = fields["allow_plaintext_bind"] { if let b = reader.bool(node) { settings.allowPlaintextBind = b } else { ok = false } }
        if ok, !guardBind(settings, fields: fields, label: label) { ok = false }
        let schemas = SchemaParser(context: context)
        if let users = schemas.users(fields["users"], owner: label, parent: fields.node, requireBase: true) { settings.users = users } else { ok = false }
        if let groups = schemas.groups(fields["groups"], owner: label, requireBase: true) { settings.groups = groups } else { ok = false }
        return ok ? settings : nil
    }

    /// A bind that silently reads less (a DN without a password: anonymous) or that sends the
    /// password in the clear beyond this machine is refused unless `allow_plaintext_bind: true`.
    private func guardBind(_ settings: LDAPSourceSettings, fields: Fields, label: String) -> Bool {
        guard !settings.allowPlaintextBind, let bindDN = fields["bind_dn"] else { return true }
        let override = "or set allow_plaintext_bind: true on \(label) to accept the risk"
        guard settings.bindPassword != nil else {
            reader.report(
                "bind_dn has no password in \(label): the bind would be anonymous and may silently read fewer people; "
                    + "set bind_password_file or bind_password_env, \(override)", at: bindDN)
            return false
        }
        guard !settings.startTLS, let urlNode = fields["url"], let list = reader.stringList(urlNode, allowSingle: true) else { return true }
        var ok = true
        for (url, itemNode) in list where PlaintextBindRule.exposesPassword(url: url) {
            reader.report(
                "url '\(url)' would send the bind password unencrypted to a host that is not loopback; "
                    + "use ldaps:// or start_tls: true, \(override)", at: itemNode)
            ok = false
        }
        return ok
    }

    private func ldif(_ fields: Fields, label: String) -> LDIFSourceSettings? {
        var ok = true
        var path = ""
        if let node = fields["path"] {
            if let p = context.readablePath(node, what: "LDIF file") { path = p } else { ok = false }
        } else {
            reader.report("\(label) needs path: (the LDIF file to read)", at: fields.node)
            ok = false
        }
        let schemas = SchemaParser(context: context)
        let users = schemas.users(fields["users"], owner: label, parent: fields.node, requireBase: false)
        let groups = schemas.groups(fields["groups"], owner: label, requireBase: false)
        guard ok, let users, let groups else { return nil }
        return LDIFSourceSettings(path: path, users: users, groups: groups)
    }

    private func scim(_ fields: Fields, label: String) -> SCIMSourceSettings? {
        var ok = true
        let connection = SCIMConnectionParser(context: context).connection(fields, label: label)
        if connection == nil { ok = false }
        var settings = SCIMSourceSettings(connection: connection ?? SCIMConnectionSettings(url: ""))
        if let node = fields["page_size"] {
            if let n = reader.int(node, in: 1...10_000, key: "page_size", why: "resources asked for per page; a server may cap it lower") {
                settings.pageSize = n
            } else { ok = false }
        }
        return ok ? settings : nil
    }
}
