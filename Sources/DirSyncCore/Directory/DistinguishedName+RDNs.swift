/// DNs as lists of RDNs, for asking whether a DN lies below a base: the LDIF source's
/// `base` check, and the identity it gives an entry without a stable id.
///
/// RFC 4514-style like `normalize`: attribute types and values compared case-insensitively,
/// insignificant spaces ignored, escapes (`\,`, `\2C`) decoded, and multi-valued RDNs
/// compared as sets. Unlike `normalize`, decoded values are not escaped again (`cn=smith, john`):
/// LDIF identities written as `dn:` plus these RDNs are stored in ledgers as they are.
extension DistinguishedName {
    /// The DN's RDNs, most specific first, each in a canonical lower-case form.
    public static func normalizedRDNs(_ dn: String) -> [String] {
        var rdns: [String] = []
        var avas: [String] = []
        var type: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        var significantEnd = 0  // value length up to its last significant (non-trailing-space) byte
        let bytes = Array(dn.utf8)

        func endAVA() {
            let t = String(decoding: type, as: UTF8.self).trimmingSpaces().lowercased()
            let v = String(decoding: value[..<significantEnd], as: UTF8.self).lowercased()
            if !t.isEmpty || !v.isEmpty { avas.append("\(t)=\(v)") }
            type = []; value = []; inValue = false; significantEnd = 0
        }
        func endRDN() {
            endAVA()
            if !avas.isEmpty { rdns.append(avas.sorted().joined(separator: "+")) }
            avas = []
        }

        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                var decoded = bytes[i + 1]
                var step = 2
                if i + 2 < bytes.count, let hi = Hex.value(ofDigit: bytes[i + 1]), let lo = Hex.value(ofDigit: bytes[i + 2]) {
                    decoded = hi << 4 | lo
                    step = 3
                }
                if inValue { value.append(decoded); significantEnd = value.count } else { type.append(decoded) }
                i += step
                continue
            }
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: ";"): endRDN()
            case UInt8(ascii: "+"): endAVA()
            case UInt8(ascii: "=") where !inValue: inValue = true
            case UInt8(ascii: " ") where inValue:
                if !value.isEmpty { value.append(b) }  // leading spaces are insignificant
            default:
                if inValue { value.append(b); significantEnd = value.count } else { type.append(b) }
            }
            i += 1
        }
        endRDN()
        return rdns
    }

    /// Whether `dn` is `base` or lies below it. An empty base contains every DN.
    public static func isWithin(_ dn: [String], base: [String]) -> Bool {
        dn.count >= base.count && Array(dn.suffix(base.count)) == base
    }
}
