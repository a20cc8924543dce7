import Foundation

/// Whether a URL may be spoken to: a bearer token travels in every SCIM request, so
/// `http://` is allowed only to this machine (loopback) unless the operator says
/// `allow_plaintext: true`. The one rule both the config check and the HTTP client apply,
/// so that what validates is what runs.
///
/// Pure string work on the URL (no name resolution): `localhost` counts as loopback by
/// name, as do 127.0.0.0/8 and `::1` written as literals.
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
        return isLoopback(host: host)
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

    /// `localhost` (any case, optional trailing dot), 127.0.0.0/8, `::1` in any spelling,
    /// and `::ffff:127.x.y.z`.
    public static func isLoopback(host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "localhost." { return true }
        if let octets = ipv4(lower) { return octets[0] == 127 }
        if let groups = ipv6(lower) {
            if groups == [0, 0, 0, 0, 0, 0, 0, 1] { return true }
            // IPv4-mapped: ::ffff:a.b.c.d
            return groups[0..<5].allSatisfy { $0 == 0 } && groups[5] == 0xffff && groups[6] >> 8 == 127
        }
        return false
    }

    static func ipv4(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= 255
            else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// Eight 16-bit groups, `::` expanded and a trailing dotted IPv4 part folded in; nil
    /// when not an IPv6 literal.
    static func ipv6(_ text: String) -> [Int]? {
        guard text.contains(":") else { return nil }
        func groups(_ part: Substring) -> [Int]? {
            if part.isEmpty { return [] }
            var result: [Int] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    result += [v4[0] << 8 | v4[1], v4[2] << 8 | v4[3]]
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, let value = Int(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        let halves = text.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(Substring(text)), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0])), let tail = groups(Substring(halves[1])),
                  head.count + tail.count < 8 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
