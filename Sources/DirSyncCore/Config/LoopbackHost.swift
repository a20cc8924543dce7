import Foundation

/// Whether a host named in a URL is this machine, for the rules that let a secret travel
/// unencrypted only over loopback (`PlaintextHTTPRule` for SCIM tokens, the LDAP bind
/// password check). One rule for both, so `ldap://` and `http://` agree on what is local.
///
/// Pure string work (no name resolution): `localhost` counts by name, 127.0.0.0/8 and
/// `::1` as literals. Anything else, including an empty host, is not known to be loopback.
public enum LoopbackHost {
    /// `localhost` (any case, optional trailing dot), 127.0.0.0/8, `::1` in any spelling,
    /// and `::ffff:127.x.y.z`.
    public static func contains(_ host: String) -> Bool {
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
