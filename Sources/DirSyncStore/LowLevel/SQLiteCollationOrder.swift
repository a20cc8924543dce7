import DirSyncCore
import Foundation

/// SQLite's text collation orders, BINARY (bytes) and NOCASE (bytes with A-Z folded to
/// a-z), applied in memory: rows sorted here come out as `ORDER BY` would return them.
///
/// Why it exists: large tables are read in storage order and sorted here, because `ORDER BY`
/// on a rowid table's text key made SQLite fetch every row through the key's index, one
/// lookup per row.
enum SQLiteCollationOrder {
    static func precedes(_ a: String, _ b: String, foldingASCIICase: Bool = false) -> Bool {
        // Native strings (everything read from SQLite) expose their bytes without a copy.
        if let result = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in precedes(x, y, foldingASCIICase) }
        }), let result {
            return result
        }
        return Array(a.utf8).withUnsafeBufferPointer { x in
            Array(b.utf8).withUnsafeBufferPointer { y in precedes(x, y, foldingASCIICase) }
        }
    }

    /// Negative, zero or positive, in byte order (BINARY).
    static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(x.count, y.count)
        let c = n == 0 ? 0 : Int(memcmp(x.baseAddress!, y.baseAddress!, n))
        return c != 0 ? c : x.count - y.count
    }

    private static func precedes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, _ fold: Bool) -> Bool {
        if !fold { return compare(x, y) < 0 }
        for i in 0..<min(x.count, y.count) where x[i] != y[i] {
            let (p, q) = (lower(x[i]), lower(y[i]))
            if p != q { return p < q }
        }
        return x.count < y.count
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// `slots`' values moved out (not copied) in the order of `keys` (one per slot): how
    /// large tables read in storage order come out sorted.
    ///
    /// Sorted on each key's first 16 bytes packed big-endian into two integers (folded
    /// when `foldingASCIICase`), whose order is the bytes' order; only equal prefixes
    /// compare the whole keys. Comparing the strings themselves dominated reading a large
    /// ledger (identities share their `source:` prefix).
    static func moveOut<T>(_ slots: inout [T?], orderedBy keys: [String], foldingASCIICase: Bool = false) -> [T] {
        var packed: [PackedKey] = []
        packed.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() {
            packed.append(PackedKey(key, position: i, folding: foldingASCIICase))
        }
        packed.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            return precedes(keys[Int(a.position)], keys[Int(b.position)], foldingASCIICase: foldingASCIICase)
        }
        return slots.moveOut(packed.map(\.position))
    }

    /// A key's prefix (`BytePrefix`) and where the key is.
    private struct PackedKey {
        let prefix: BytePrefix
        let position: Int32

        init(_ key: String, position: Int, folding: Bool) {
            prefix = BytePrefix(key, foldingASCIICase: folding)
            self.position = Int32(position)
        }
    }
}
