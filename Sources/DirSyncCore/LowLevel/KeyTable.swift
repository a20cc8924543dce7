/// Text key → position, for the large joins of a run: every `member` value of a source
/// against its users' and groups' DNs (about 500k lookups in 100k DNs for a large
/// company), and the planner's ledger identities and account keys (100k each).
///
/// Why not `Dictionary<String, Int>`: its probes compare whole `String` keys, and each
/// stored key lives in its own heap object, so every probe of a 100k-key table was a cache
/// miss, and member resolution dominated `dirsync plan`. Here the keys'
/// bytes sit back to back in one arena and each slot carries 32 bits of the key's hash,
/// so a probe touches the key's bytes only when the hashes agree (almost always the
/// match itself). DN keys (`insertIfAbsent(_:_:)`, `value(for:)`, …) are normalized with
/// `DistinguishedName.normalize` on the way in and on lookup, so `CN=Alice, OU=People`
/// finds `cn=alice,ou=people`; exact keys (`exact:` entry points) compare byte for byte.
/// Use one kind of key per table.
///
/// Lookups only read, so once built a table can be shared by several threads.
struct KeyTable: Sendable {
    /// Entries back to back: a 4-byte value, a 4-byte length, then the normalized key's
    /// bytes. One entry is one contiguous run, so confirming a match touches one cache line
    /// (two for long DNs) after the slot.
    private var arena: [UInt8] = []
    private(set) var count = 0
    /// Open addressing, linear probing, power-of-two size; a slot is 0 when empty, else
    /// `(hash >> 32) << 32 | (arena offset + 1)`.
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 56)
    }

    /// Adds `dn` → `value` unless an equal DN is present already (the first one wins).
    mutating func insertIfAbsent(_ dn: String, _ value: Int32) {
        var key = DistinguishedName.normalize(dn)
        _ = key.withUTF8 { insertIfAbsent(bytes: $0, value) }
    }

    /// Adds `key` → `value`, compared byte for byte, unless the key is present already;
    /// returns the value already stored, or nil when this one was added.
    @discardableResult
    mutating func insertIfAbsent(exact key: String, _ value: Int32) -> Int32? {
        var key = key
        return key.withUTF8 { insertIfAbsent(bytes: $0, value) }
    }

    /// Replaces the value stored for the exact key `key` (which must be present).
    mutating func replaceValue(exact key: String, with value: Int32) {
        var key = key
        key.withUTF8 { bytes in
            let (slot, found) = probe(bytes, Self.hash(bytes))
            guard found else { return }
            let offset = Int(slots[slot] & 0xFFFF_FFFF) - 1
            withUnsafeBytes(of: value.littleEndian) { arena.replaceSubrange(offset..<offset + 4, with: $0) }
        }
    }

    /// The value stored for the exact key `key`, or nil.
    func value(forExact key: String) -> Int32? {
        var key = key
        return key.withUTF8 { value(forKeyBytes: $0) }
    }

    /// The value stored for the DN equal to `dn`, or nil.
    func value(for dn: String) -> Int32? {
        var key = DistinguishedName.normalize(dn)
        return key.withUTF8 { value(forKeyBytes: $0) }
    }

    /// The value stored for a key already in this table's form (a normalized DN, or an
    /// exact key's bytes), or nil.
    func value(forKeyBytes bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let (slot, found) = probe(bytes, Self.hash(bytes))
        return found ? value(inSlot: slots[slot]) : nil
    }

    /// Adds a key already in this table's form (see `value(forKeyBytes:)`) unless present;
    /// returns the value already stored, or nil when this one was added.
    mutating func insertIfAbsent(keyBytes bytes: UnsafeBufferPointer<UInt8>, _ value: Int32) -> Int32? {
        insertIfAbsent(bytes: bytes, value)
    }

    private mutating func insertIfAbsent(bytes: UnsafeBufferPointer<UInt8>, _ value: Int32) -> Int32? {
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(bytes)
        let (slot, found) = probe(bytes, hash)
        if found { return self.value(inSlot: slots[slot]) }
        precondition(arena.count < Int(UInt32.max) - bytes.count - 8, "key table larger than 4 GiB")
        let offset = arena.count
        withUnsafeBytes(of: value.littleEndian) { arena.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { arena.append(contentsOf: $0) }
        arena.append(contentsOf: bytes)
        count += 1
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(offset + 1)
        return nil
    }

    /// Linear probing from the key's home slot: the slot holding `bytes` (found), or the
    /// empty slot where it would go.
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> (slot: Int, found: Bool) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 {
            if holds(slots[i], hash, bytes) { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    /// Looks up many raw DNs at once: key `k` is `bytes[ends[k - 1]..<ends[k]]` (from 0
    /// for the first); `out[k]` is its value or -1.
    ///
    /// Why batches: each lookup is two cache misses (the slot, then the entry) in tables
    /// far larger than the cache. Looking up one key at a time waits for each miss in
    /// turn; here the slots of a batch of keys are loaded in one loop and their entries in
    /// the next, so the processor keeps many misses in flight at once.
    ///
    /// Plain lower-case DNs are hashed where they lie; DNs whose only difference from their
    /// normal form is upper-case ASCII (Active Directory writes `CN=…,OU=…,DC=…`) are
    /// lower-cased into a scratch buffer at the same offsets, without an allocation each.
    func values(forRaw bytes: UnsafeBufferPointer<UInt8>, ends: [Int32], into out: inout [Int32]) {
        out = [Int32](repeating: -1, count: ends.count)
        let batch = 16
        var hashes = [UInt64](repeating: 0, count: batch)
        var found = [UInt64](repeating: 0, count: batch)
        var fast = [UnsafeBufferPointer<UInt8>?](repeating: nil, count: batch)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { scratch in
            slots.withUnsafeBufferPointer { slots in
                arena.withUnsafeBytes { stored in
                    var first = 0
                    while first < ends.count {
                        let last = min(first + batch, ends.count)
                        // 1. hash every key in normal form and load its home slot: independent loads.
                        for k in first..<last {
                            let j = k - first
                            fast[j] = Self.normalKey(bytes, ends, k, scratch: scratch)
                            guard let key = fast[j] else { continue }
                            hashes[j] = Self.hash(key)
                            found[j] = slots[Int(truncatingIfNeeded: hashes[j]) & mask]
                        }
                        // 2. touch the entries whose tag matches: independent loads again.
                        var touched: UInt32 = 0
                        for j in 0..<(last - first) where fast[j] != nil && found[j] != 0
                            && found[j] & 0xFFFF_FFFF_0000_0000 == hashes[j] & 0xFFFF_FFFF_0000_0000 {
                            touched &+= stored.loadUnaligned(fromByteOffset: Int(found[j] & 0xFFFF_FFFF) - 1 + 4, as: UInt32.self)
                        }
                        _ = touched
                        // 3. confirm (now from cache), or probe further / normalize the slow way.
                        for k in first..<last {
                            let j = k - first
                            if let key = fast[j] {
                                if found[j] == 0 {
                                    out[k] = -1
                                } else if holds(found[j], hashes[j], key) {
                                    out[k] = value(inSlot: found[j])
                                } else {
                                    out[k] = value(forKeyBytes: key) ?? -1
                                }
                            } else {
                                out[k] = value(for: String(decoding: Self.key(bytes, ends, k), as: UTF8.self)) ?? -1
                            }
                        }
                        first = last
                    }
                }
            }
        }
    }

    /// Key `k` in normal form without parsing (`DistinguishedName.quickNormalForm`), a
    /// lower-cased copy going into `scratch` at the key's own offsets; nil when it needs
    /// `DistinguishedName.normalize`.
    private static func normalKey(
        _ bytes: UnsafeBufferPointer<UInt8>, _ ends: [Int32], _ k: Int, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8>? {
        let key = Self.key(bytes, ends, k)
        let start = k == 0 ? 0 : Int(ends[k - 1])
        return DistinguishedName.quickNormalForm(
            key, scratch: UnsafeMutableBufferPointer(rebasing: scratch[start..<start + key.count]))
    }

    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, _ ends: [Int32], _ k: Int) -> UnsafeBufferPointer<UInt8> {
        let start = k == 0 ? 0 : Int(ends[k - 1])
        return UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[k])])
    }

    /// Whether `slot` holds exactly the key `bytes` (with hash `hash`).
    private func holds(_ slot: UInt64, _ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard slot & 0xFFFF_FFFF_0000_0000 == hash & 0xFFFF_FFFF_0000_0000 else { return false }
        let offset = Int(slot & 0xFFFF_FFFF) - 1
        return arena.withUnsafeBytes { stored in
            let length = Int(UInt32(littleEndian: stored.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            guard length == bytes.count else { return false }
            let key = stored.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset + 8
            return bytes.isEmpty || memcmpEqual(key, bytes.baseAddress!, length)
        }
    }

    /// The value of the entry an occupied slot points at.
    private func value(inSlot slot: UInt64) -> Int32 {
        let offset = Int(slot & 0xFFFF_FFFF) - 1
        return arena.withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
    }

    /// Doubles the slot array and re-places every entry (hashes are recomputed from the arena).
    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        arena.withUnsafeBytes { stored in
            var offset = 0
            while offset < stored.count {
                let length = Int(UInt32(littleEndian: stored.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
                let key = UnsafeBufferPointer(
                    start: stored.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset + 8, count: length)
                let hash = Self.hash(key)
                var i = Int(truncatingIfNeeded: hash) & newMask
                while fresh[i] != 0 { i = (i + 1) & newMask }
                fresh[i] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(offset + 1)
                offset += 8 + length
            }
        }
        slots = fresh
        mask = newMask
    }

    /// FNV-1a over the bytes, then a 64-bit finalizer so that the low bits (the slot) and
    /// the high bits (the tag) are both well mixed. Not keyed: the keys are the directory's
    /// own DNs, and every match is confirmed byte for byte.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }
}

/// Byte equality of two buffers of `count` bytes.
@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
