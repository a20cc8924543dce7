import Foundation

/// Whether a URL may be spoken to: a bearer token travels in every SCIM request, so
/// `http://` is allowed only to this machine (loopback) unless the operator says
/// `allow_plaintext: true`. The one rule both the config check and the HTTP client apply,
/// so that what validates is what runs.
///
/// Pure string work on the URL (no name resolution); loopback is `LoopbackHost`'s rule.
public enum PlaintextHTTPRule {
    /// `https://` always; `http://` when the host is loopback or `allowPlaintext` is set;
    /// anything else never (no other scheme is spoken). Schemes compare case-insensitively.
    public static func allows(url: String, allowPlaintext: Bool) -> Bool {
        guard let schemeEnd = url.range(of: "://") else { return false }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        if allowPlaintext { return true }
        guard let host = host(of: url[schemeEnd.upperBound...]) else { return false }
        return LoopbackHost.contains(host)
    }

    /// The host of an authority-and-path (`user@host:port/path`), brackets of an IPv6
    /// literal removed; nil when there is none.
    static func host(of rest: Substring) -> String? {
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            return String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
        }
        let host = hostPort.prefix { $0 != ":" }
        return host.isEmpty ? nil : String(host)
    }
}
