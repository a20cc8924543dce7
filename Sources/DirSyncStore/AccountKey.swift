import Foundation

/// New account keys for the embedded store: time-ordered UUIDs (version 7, RFC 9562), lower-case.
///
/// Time order makes a first sync's 100k inserts land at the end of every index keyed by
/// account (accounts, roles, projects, tags) instead of on random pages. Random bits come
/// from `SystemRandomNumberGenerator` (getrandom), because Foundation's `UUID()` opens
/// /dev/urandom once per call on Linux.
enum AccountKey {
    static func make(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var b = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { b[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        let random = (generator.next() as UInt64, generator.next() as UInt16)
        for index in 0..<8 { b[6 + index] = UInt8(truncatingIfNeeded: random.0 >> (8 * index)) }
        b[14] = UInt8(truncatingIfNeeded: random.1)
        b[15] = UInt8(truncatingIfNeeded: random.1 >> 8)
        b[6] = (b[6] & 0x0F) | 0x70  // version 7
        b[8] = (b[8] & 0x3F) | 0x80  // RFC 9562 variant
        let uuid = UUID(
            uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])
        )
        return uuid.uuidString.lowercased()
    }
}
