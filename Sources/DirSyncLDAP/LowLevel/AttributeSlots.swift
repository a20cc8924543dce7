/// The attributes a read asks for, matched against attribute names as raw bytes so the
/// hot loop makes no String per attribute name. Not generic on purpose: generic metadata
/// lookups showed up in profiles of 100k-user reads. Each mapper keeps the jobs of slot
/// `i` at index `i` of its own table.
struct AttributeSlots {
    /// The configured attribute names, first spelling wins.
    private(set) var names: [String] = []
    /// ASCII-lower-cased UTF-8 bytes of each name.
    private(set) var keys: [[UInt8]] = []

    /// The slot of `name` (case-insensitive), added if new.
    mutating func slot(for name: String) -> Int {
        let key = Array(name.utf8).map(Self.lower)
        if let i = keys.firstIndex(of: key) { return i }
        names.append(name)
        keys.append(key)
        return keys.count - 1
    }

    /// The slot whose name equals `name` case-insensitively. An attribute description with
    /// options (`cn;lang-en`) matches nothing.
    func index(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < keys.count {
            if name.equalsIgnoringASCIICase(keys[i]) { return i }
            i += 1
        }
        return nil
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes equal `other` ignoring ASCII case.
    func equalsIgnoringASCIICase(_ other: [UInt8]) -> Bool {
        guard count == other.count else { return false }
        return other.withUnsafeBufferPointer { o in
            var i = 0
            while i < count {
                if AttributeSlots.lower(self[i]) != AttributeSlots.lower(o[i]) { return false }
                i += 1
            }
            return true
        }
    }

    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
