/// A text's first 16 bytes packed big-endian into two integers, zero-padded, so that
/// sorting 100k keys is mostly two integer compares: for two texts that differ within
/// those bytes, the integers' order is the bytes' order. Equal prefixes must be compared
/// whole. Sorts operations by username (`OperationSortKey`) and the state's rows as
/// SQLite's BINARY / NOCASE collations order them.
public struct BytePrefix: Sendable, Comparable {
    public let head: UInt64
    public let tail: UInt64

    /// `foldingASCIICase`: A-Z count as a-z (SQLite's NOCASE).
    public init(_ text: String, foldingASCIICase: Bool = false) {
        func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
            var head: UInt64 = 0, tail: UInt64 = 0
            for i in 0..<min(bytes.count, 16) {
                let b = bytes[i]
                let byte = UInt64(foldingASCIICase && b >= 65 && b <= 90 ? b + 32 : b)
                if i < 8 { head |= byte << UInt64(56 - 8 * i) } else { tail |= byte << UInt64(56 - 8 * (i - 8)) }
            }
            return (head, tail)
        }
        (head, tail) = text.utf8.withContiguousStorageIfAvailable(pack) ?? Array(text.utf8).withUnsafeBufferPointer(pack)
    }

    public static func < (a: BytePrefix, b: BytePrefix) -> Bool { (a.head, a.tail) < (b.head, b.tail) }
}
