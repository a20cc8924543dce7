import Foundation

/// Decides whether an LDAP URL would carry a bind password in the clear to another machine.
///
/// A password sent over `ldap://` without StartTLS can be read by anyone on the path; on the
/// loopback interface there is no path. `ldaps://` is encrypted and `ldapi://` is a local
/// socket, so only `ldap://` to a host other than loopback is judged plaintext.
enum PlaintextBindRule {
    /// True when binding with a password over `url` (without StartTLS) sends it in the clear
    /// beyond this machine.
    static func exposesPassword(url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("ldap://") else { return false }
        return !isLoopback(host: host(ofLDAPURL: lower))
    }

    /// The host part of `ldap://HOST[:PORT][/...]`, brackets of an IPv6 literal removed.
    static func host(ofLDAPURL url: String) -> String {
        var rest = Substring(url.dropFirst("ldap://".count))
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) { rest = rest[..<end] }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return String(rest) }
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.removingPercentEncoding ?? String(rest)
    }

    /// 127.0.0.0/8, ::1 and localhost. An empty host (`ldap:///`) leaves the choice to
    /// ldap.conf, so it is not known to be loopback.
    static func isLoopback(host: String) -> Bool {
        let h = host.hasSuffix(".") ? String(host.dropLast()) : host
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let octets = h.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
    }
}
