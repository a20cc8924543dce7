/// Numbers the distinct member values of a source's groups, DNs compared in normal form
/// (`DistinguishedName.normalize`), so that they can be resolved to users once per
/// distinct DN rather than once per value.
///
/// Why: at 100k users the groups hold ~500k member values but only ~100k distinct DNs.
/// The groups arrive long before the users (they are read on a connection of their own),
/// so their values are numbered while the users still stream in, and what is left once
/// the users are in is one lookup per distinct DN (`MemberResolver`), not per value.
public struct MemberNumbering: Sendable {
    private var table = KeyTable(capacity: 4096)
    /// The distinct values in normal form, back to back: value `i` ends at `ends[i]`.
    public private(set) var bytes: [UInt8] = []
    public private(set) var ends: [Int32] = []

    public init() {}

    public var count: Int { ends.count }

    /// The number of each value `values[ends[k - 1]..<ends[k]]` (from 0 for the first),
    /// numbering the ones not seen before.
    public mutating func number(_ values: UnsafeBufferPointer<UInt8>, ends valueEnds: [Int32]) -> [Int32] {
        var numbers = [Int32](repeating: 0, count: valueEnds.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(values.count, 1)) { scratch in
            for k in valueEnds.indices {
                let range = (k == 0 ? 0 : Int(valueEnds[k - 1]))..<Int(valueEnds[k])
                let value = UnsafeBufferPointer(rebasing: values[range])
                if let normal = DistinguishedName.quickNormalForm(
                    value, scratch: UnsafeMutableBufferPointer(rebasing: scratch[range]))
                {
                    numbers[k] = add(normal)
                } else {
                    var normal = DistinguishedName.normalize(String(decoding: value, as: UTF8.self))
                    numbers[k] = normal.withUTF8 { add($0) }
                }
            }
        }
        return numbers
    }

    private mutating func add(_ normal: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let known = table.insertIfAbsent(keyBytes: normal, Int32(ends.count)) { return known }
        bytes.append(contentsOf: normal)
        ends.append(Int32(bytes.count))
        return Int32(ends.count - 1)
    }
}
