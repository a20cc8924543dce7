/// UTF-8 text built by appending bytes, for output of 100k lines.
///
/// Why not `String` interpolation and `joined`: rendering a large plan that way allocates
/// several temporary strings and arrays per line; appending each piece's bytes to one
/// buffer allocates almost nothing.
struct TextBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// A piece of data (a username, an email, a reason): escaped for the terminal
    /// (`TerminalText`), since it may come from a directory. The layout around it is
    /// written with `StaticString`s and `newline()`, which are never escaped.
    mutating func append(_ text: String) {
        TerminalText.append(escaping: text, to: &bytes)
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ number: Int) {
        append(String(number))
    }

    /// `items` separated by `separator`, each written by `write`.
    mutating func append<C: Collection>(
        _ items: C, separator: StaticString, _ write: (inout TextBytes, C.Element) -> Void
    ) {
        var first = true
        for item in items {
            if !first { append(separator) }
            first = false
            write(&self, item)
        }
    }

    mutating func newline() {
        bytes.append(0x0A)
    }
}
