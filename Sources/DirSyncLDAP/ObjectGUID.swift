import DirSyncCore
/// Active Directory's `objectGUID` as the UUID string administrators see.
///
/// AD stores a GUID as 16 bytes in Microsoft's mixed-endian layout: the first three fields
/// (4, 2 and 2 bytes) are little-endian, the last 8 bytes are in order. So bytes
/// `00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff` are the GUID
/// `33221100-5544-7766-8899-aabbccddeeff` — the form PowerShell's `Get-ADUser` prints and
/// the one an operator will search for. Output is lower-case.
enum ObjectGUID {
    /// The UUID string of 16 GUID bytes, or nil when the value is not 16 bytes long.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count == 16 else { return nil }
        let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, index) in order.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            Hex.append(bytes[index], to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func string(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { string($0) }
    }
}
