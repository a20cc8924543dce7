/// Compares DNs the way LDAP servers do (RFC 4514), so that a `member` value written as
/// `CN=Alice Liddell, OU=People,...` or with hex escapes still finds `cn=alice liddell,ou=people,...`.
///
/// `normalize` runs on every member value (about 600k at 100k users), so the common case
/// (an already lower-case DN without escapes or stray spaces) is returned without work.
public enum DistinguishedName {
    /// The comparison form: attribute types and values lower-cased, escapes resolved,
    /// insignificant spaces dropped, multi-valued RDN parts sorted, re-serialized canonically.
    public static func normalize(_ dn: String) -> String {
        // Scanned through a pointer: iterating `dn.utf8` byte by byte goes through the
        // generic collection path, and this runs once per member value.
        let scan = dn.utf8.withContiguousStorageIfAvailable(Self.scan) ?? Self.scan(Array(dn.utf8))
        switch scan {
        case .unchanged: return dn
        case .asciiUppercase: return ASCIICase.lowercased(dn)
        case .nonASCII: return dn.lowercased()
        case .needsParsing: return slowNormalize(dn)
        }
    }

    /// What the fast path found in a DN's bytes.
    enum Scan { case unchanged, asciiUppercase, nonASCII, needsParsing }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        var hasUpper = false
        var nonASCII = false
        var previous: UInt8 = 0
        var first = true
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "+"), UInt8(ascii: ";"),
                UInt8(ascii: "<"), UInt8(ascii: ">"):
                return .needsParsing
            case UInt8(ascii: " "):
                if first || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "=") { return .needsParsing }
            case UInt8(ascii: ","), UInt8(ascii: "="):
                if previous == UInt8(ascii: " ") { return .needsParsing }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                hasUpper = true
            case 0x80...:
                nonASCII = true
            default:
                break
            }
            previous = byte
            first = false
        }
        if previous == UInt8(ascii: " ") { return .needsParsing }
        if nonASCII { return .nonASCII }
        return hasUpper ? .asciiUppercase : .unchanged
    }

    /// `value` in normal form without parsing, when it can be had that way: as it lies, or
    /// lower-cased into `scratch` (at least `value.count` bytes); nil when it needs
    /// `normalize`. How raw member values are hashed without a `String` each.
    static func quickNormalForm(
        _ value: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8>? {
        switch scan(value) {
        case .unchanged:
            return value
        case .asciiUppercase:
            for i in 0..<value.count {
                let b = value[i]
                scratch[i] = b >= 65 && b <= 90 ? b + 32 : b
            }
            return UnsafeBufferPointer(rebasing: scratch[0..<value.count])
        case .nonASCII, .needsParsing:
            return nil
        }
    }

    static func scan(_ bytes: [UInt8]) -> Scan {
        bytes.withUnsafeBufferPointer(scan)
    }

    /// One `type=value` part of an RDN after unescaping.
    struct Attribute {
        var type: String
        var value: String
        /// A `#hex` BER value, kept as written (lower-cased) and never escaped.
        var isHexString: Bool
        var serialized: String {
            type + "=" + (isHexString ? value : escape(value))
        }
    }

    static func slowNormalize(_ dn: String) -> String {
        let bytes = Array(dn.utf8)
        var rdns: [[Attribute]] = []
        var current: [Attribute] = []
        var i = 0
        let n = bytes.count
        func skipSpaces() { while i < n, bytes[i] == UInt8(ascii: " ") { i += 1 } }
        skipSpaces()
        if i == n { return "" }
        while i < n {
            skipSpaces()
            // attribute type
            var typeBytes: [UInt8] = []
            while i < n, bytes[i] != UInt8(ascii: "=") {
                typeBytes.append(bytes[i])
                i += 1
            }
            if i == n {
                // not a DN: compare it as plain text
                return dn.trimmingSpaces().lowercased()
            }
            i += 1  // '='
            let type = String(decoding: typeBytes, as: UTF8.self).trimmingSpaces().lowercased()
            skipSpaces()
            var value: [UInt8] = []
            var isHex = false
            if i < n, bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < n {
                        if let (b, len) = unescape(bytes, at: i) { value.append(b); i += len; continue }
                    }
                    value.append(bytes[i])
                    i += 1
                }
                if i < n { i += 1 }  // closing quote
                skipSpaces()
            } else {
                isHex = i < n && bytes[i] == UInt8(ascii: "#")
                var significantEnd = 0  // length of value up to the last escaped or non-space byte
                while i < n {
                    let b = bytes[i]
                    if b == UInt8(ascii: ",") || b == UInt8(ascii: "+") || b == UInt8(ascii: ";") { break }
                    if b == UInt8(ascii: "\\"), i + 1 < n, let (u, len) = unescape(bytes, at: i) {
                        value.append(u)
                        i += len
                        significantEnd = value.count
                        continue
                    }
                    value.append(b)
                    i += 1
                    if b != UInt8(ascii: " ") { significantEnd = value.count }
                }
                value.removeSubrange(significantEnd...)
            }
            current.append(Attribute(type: type, value: String(decoding: value, as: UTF8.self).lowercased(), isHexString: isHex))
            if i < n {
                let sep = bytes[i]
                i += 1
                if sep != UInt8(ascii: "+") {
                    rdns.append(current)
                    current = []
                }
            }
        }
        if !current.isEmpty { rdns.append(current) }
        return rdns.map { rdn in
            rdn.map(\.serialized).sorted().joined(separator: "+")
        }.joined(separator: ",")
    }

    /// The byte a `\xx` or `\c` escape at `i` stands for, and how many bytes it spans.
    static func unescape(_ bytes: [UInt8], at i: Int) -> (UInt8, Int)? {
        guard i + 1 < bytes.count else { return nil }
        if i + 2 < bytes.count, let h = Hex.value(ofDigit: bytes[i + 1]), let l = Hex.value(ofDigit: bytes[i + 2]) {
            return (h << 4 | l, 3)
        }
        return (bytes[i + 1], 2)
    }

    /// Escapes what RFC 4514 requires, and nothing a plain lower-case DN contains, so the
    /// fast path and the slow path agree on the same DN.
    static func escape(_ value: String) -> String {
        var out = ""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case ",", "+", "\"", "\\", ";", "<", ">":
                out.append("\\")
                out.unicodeScalars.append(scalar)
            case " " where index == 0 || index == scalars.count - 1:
                out.append("\\ ")
            case "#" where index == 0:
                out.append("\\#")
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension String {
    /// Drops leading and trailing ASCII spaces only (DN insignificant spaces).
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
