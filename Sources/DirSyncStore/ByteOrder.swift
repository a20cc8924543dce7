import Foundation

/// SQLite's text orders, for sorting rows in memory the way `ORDER BY` would: BINARY
/// (bytes) and NOCASE (bytes with A-Z folded to a-z).
///
/// Large tables are read in storage order and sorted here: `ORDER BY` on a rowid table's
/// text key made SQLite fetch every row through the key's index, one lookup per row.
enum ByteOrder {
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

    /// `a` against raw bytes: negative, zero or positive, in byte order (BINARY).
    static func compare(_ a: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if let result = a.utf8.withContiguousStorageIfAvailable({ compare($0, bytes) }) { return result }
        return Array(a.utf8).withUnsafeBufferPointer { compare($0, bytes) }
    }

    private static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
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

    /// `slots`' values moved out (`take()`, not copied) in the order of `keys` (one per
    /// slot): how large tables read in storage order come out sorted.
    static func moveOut<T>(_ slots: inout [T?], orderedBy keys: [String], foldingASCIICase: Bool = false) -> [T] {
        var sorted: [T] = []
        sorted.reserveCapacity(slots.count)
        for i in keys.indices.sorted(by: { precedes(keys[$0], keys[$1], foldingASCIICase: foldingASCIICase) }) {
            sorted.append(slots[i].take()!)
        }
        return sorted
    }
}
