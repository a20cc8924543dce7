import Foundation

/// New account keys for the embedded store: random (version 4) UUIDs, lower-case.
///
/// Drawn from `SystemRandomNumberGenerator` (getrandom) because Foundation's `UUID()` opens
/// /dev/urandom once per call on Linux, which shows up in a 100k-account first sync.
enum AccountKey {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
            let uuid = UUID(
                uuid: (
                    raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                    raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]
                ))
            return uuid.uuidString.lowercased()
        }
    }
}
