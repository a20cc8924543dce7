/// Case checks and lower-casing on a string's UTF-8 bytes, for the keys normalized once per
/// user, account and member value (match keys, DNs).
///
/// Why: almost every such key is ASCII and most are already lower-case; checking the bytes
/// through a pointer and folding A-Z by hand returns those keys as they are, where
/// `lowercased()` and byte-by-byte `utf8` iteration take Unicode's and the generic
/// collection's slow paths for every one.
enum ASCIICase {
    /// Whether the text is all ASCII, and whether any byte is an upper-case letter.
    static func scan(_ text: String) -> (ascii: Bool, hasUpper: Bool) {
        text.utf8.withContiguousStorageIfAvailable(scan) ?? Array(text.utf8).withUnsafeBufferPointer(scan)
    }

    /// The text with A-Z lower-cased and every other byte kept.
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (ascii: Bool, hasUpper: Bool) {
        var hasUpper = false
        for byte in bytes {
            if byte >= 0x80 { return (false, hasUpper) }
            if byte >= 65 && byte <= 90 { hasUpper = true }
        }
        return (true, hasUpper)
    }
}
