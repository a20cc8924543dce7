/// Directory and target text made safe to show on a terminal.
///
/// Display names, usernames, emails, group names and DNs are often editable by the people
/// they describe. Printed byte for byte, an escape sequence in one (ESC `]0;…` BEL) retitles
/// or recolours the operator's terminal, and a newline forges extra lines of a plan or a log.
/// Every human-readable output (plan tables, `explain`, `history`, `accounts`, warnings,
/// log lines) passes its text through here; JSON output carries the exact values instead.
///
/// What is escaped, and how:
/// - C0 controls U+0000–U+001F: `\n`, `\r`, `\t`, every other one as `\xHH` (`\x1b`, `\x07`);
/// - DEL U+007F as `\x7f`;
/// - C1 controls U+0080–U+009F as `\u{85}`: a code point, not `\x85`, because the text is
///   UTF-8 and holds the two bytes C2 85, not the byte 85.
/// Hex digits are lower-case. Everything else, printable Unicode included, is left alone.
///
/// A backslash is left alone too, on purpose: DNs carry RFC 4514 escapes (`cn=Brien\, Pat`)
/// that an operator copies into `ldapsearch`, and ordinary output stays byte-identical.
/// The price is that a value literally spelled `\x1b` looks like an escaped ESC; the
/// terminal is safe either way, and `--format json` shows which it is. Leaving `\` alone
/// also makes escaping idempotent (escaped text holds no control character), so text
/// escaped by one renderer can pass through another unchanged.
public enum TerminalText {
    /// `text` with its control characters escaped; `text` itself when it has none.
    public static func escaped(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            guard firstControl(in: utf8, from: 0) != nil else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(utf8.count + 16)
            append(escaping: utf8, to: &out)
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// Whether `text` holds a character that `escaped` would change.
    public static func needsEscaping(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { firstControl(in: $0, from: 0) != nil }
    }

    /// Appends the UTF-8 bytes of `text`, escaped, to `out`: the byte-level form for
    /// renderers that write bytes (`PlanTableRenderer`). Text without a control character,
    /// nearly all of it, is copied as it is after one scan.
    public static func append(escaping text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { append(escaping: $0, to: &out) }
    }

    /// Appends UTF-8 bytes, escaped, to `out`: copied in one go when they hold no control.
    public static func append(escaping utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard let first = firstControl(in: utf8, from: 0) else {
            out.append(contentsOf: utf8)
            return
        }
        var copied = 0
        var next: Int? = first
        while let control = next {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied..<control]))
            let byte = utf8[control]
            if byte == 0xC2 {
                appendC1(utf8[control + 1], to: &out)
                copied = control + 2
            } else {
                appendC0(byte, to: &out)
                copied = control + 1
            }
            next = firstControl(in: utf8, from: copied)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[copied...]))
    }

    /// The index of the first byte that starts a control character, at or after `start`.
    /// A C1 control is the pair C2 80…C2 9F in UTF-8; C2 followed by anything else
    /// (U+00A0–U+00BF: no-break space, `©`, `°`) is printable.
    static func firstControl(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = utf8.count
        var i = start
        while i < count {
            let byte = utf8[i]
            // Printable ASCII, nearly every byte, is decided by one comparison.
            if byte &- 0x20 >= 0x5F {
                if byte < 0x80 { return i }  // C0 or DEL
                if byte == 0xC2, i + 1 < count, utf8[i + 1] >= 0x80, utf8[i + 1] < 0xA0 { return i }
            }
            i += 1
        }
        return nil
    }

    private static func appendC0(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x0A: out.append(contentsOf: [0x5C, 0x6E])  // \n
        case 0x0D: out.append(contentsOf: [0x5C, 0x72])  // \r
        case 0x09: out.append(contentsOf: [0x5C, 0x74])  // \t
        default: out.append(contentsOf: [0x5C, 0x78, hex(byte >> 4), hex(byte & 0x0F)])  // \xHH
        }
    }

    /// `\u{80}`…`\u{9f}` for the C1 control whose second UTF-8 byte is `second`
    /// (C2 xx encodes U+00xx).
    private static func appendC1(_ second: UInt8, to out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, 0x75, 0x7B, hex(second >> 4), hex(second & 0x0F), 0x7D])
    }

    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}
