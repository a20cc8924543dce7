import DirSyncCore
import Foundation

/// Reads the keys a SCIM source and a SCIM target share (how to reach the peer), so that
/// the rules a bearer token travels under are checked once, the same way for both.
struct SCIMConnectionParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    static let keys = ["url", "token_file", "token_env", "ca_file", "timeout", "allow_plaintext"]

    /// The connection of `label` ("source 'cloud'", "target"), or nil after reporting.
    /// A token is optional: some peers accept unauthenticated requests on loopback.
    func connection(_ fields: Fields, label: String) -> SCIMConnectionSettings? {
        let before = reader.diagnostics.problems.count
        var settings = SCIMConnectionSettings(url: url(fields, label: label) ?? "")
        settings.token = context.secret(fields, fileKey: "token_file", envKey: "token_env", context: label)
        if let node = fields["ca_file"], let path = context.readablePath(node, what: "ca_file") { settings.caFile = path }
        if let node = fields["timeout"], let seconds = context.duration(node, what: "timeout") { settings.timeoutSeconds = seconds }
        if let node = fields["allow_plaintext"], let allow = reader.bool(node) { settings.allowPlaintext = allow }
        guard reader.diagnostics.problems.count == before else { return nil }
        if !PlaintextHTTPRule.allows(url: settings.url, allowPlaintext: settings.allowPlaintext), let node = fields["url"] {
            reader.report(
                "url '\(settings.url)' is plain http:// to a host that is not loopback: the bearer token and people's data "
                    + "would cross the network in the clear; use https://, or set allow_plaintext: true on \(label) "
                    + "to accept the risk", at: node)
            return nil
        }
        return settings
    }

    /// The required `url:`, an http:// or https:// URL with a host; trailing slashes are
    /// dropped so that resource paths append cleanly.
    private func url(_ fields: Fields, label: String) -> String? {
        guard let node = fields["url"] else {
            let example = label == "target" ? "https://app.example.com/scim/v2" : "https://idp.example.com/scim/v2"
            reader.report("\(label) needs url: (the SCIM base URL, e.g. \(example))", at: fields.node)
            return nil
        }
        guard var url = reader.nonEmptyString(node, what: "url") else { return nil }
        url = url.trimmingCharacters(in: .whitespaces)
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            reader.report("url '\(url)' must be an http:// or https:// URL", at: node)
            return nil
        }
        guard let host = URL(string: url)?.host, !host.isEmpty else {
            reader.report("url '\(url)' has no host name or is not a valid URL; write e.g. https://app.example.com/scim/v2", at: node)
            return nil
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
