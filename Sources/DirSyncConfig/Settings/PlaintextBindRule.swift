import DirSyncCore
import Foundation

/// Decides whether an LDAP URL would carry a bind password in the clear to another machine.
///
/// A password sent over `ldap://` without StartTLS can be read by anyone on the path; on the
/// loopback interface (`LoopbackHost`, the same rule as SCIM's `http://`) there is no path.
/// `ldaps://` is encrypted and `ldapi://` is a local socket, so only `ldap://` to a host
/// other than loopback is judged plaintext.
enum PlaintextBindRule {
    /// True when binding with a password over `url` (without StartTLS) sends it in the clear
    /// beyond this machine.
    static func exposesPassword(url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("ldap://") else { return false }
        return !LoopbackHost.contains(host(ofLDAPURL: lower))
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
}
