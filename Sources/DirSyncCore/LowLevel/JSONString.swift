/// The one JSON string escaper, shared by the plan writer (`JSONWriter`) and the store's
/// account JSON, so that every JSON dirsync writes by hand escapes text the same way.
///
/// Why by hand: those two write JSON byte by byte instead of through `JSONEncoder` (see
/// their docs); their strings must still come out exactly as `JSONEncoder` writes them
/// with `.withoutEscapingSlashes`, which the round-trip tests check.
public enum JSONString {
    /// Appends `value` as a JSON string literal (RFC 8259): quote, backslash and control
    /// characters escaped; everything else, multi-byte UTF-8 included, copied as it is.
    public static func append(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Almost every value needs no escaping: copy it whole.
        var text = value
        let plain = text.withUTF8 { utf8 in
            guard !utf8.contains(where: needsEscaping) else { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if !plain {
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20:
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                    Hex.append(byte, to: &out)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
