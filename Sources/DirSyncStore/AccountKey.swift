import DirSyncCore
import Foundation
import GRDBSQLite

/// New account keys for the embedded store: time-ordered UUIDs (version 7, RFC 9562), lower-case.
///
/// Time order makes a first sync's 100k inserts land at the end of every index keyed by
/// account (accounts, roles, projects, tags) instead of on random pages. Random bits come
/// from `SystemRandomNumberGenerator` (getrandom), because Foundation's `UUID()` opens
/// /dev/urandom once per call on Linux.
enum AccountKey {
    static func make(now: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(now: now, random: (generator.next(), generator.next()))
    }

    /// A key with its random bits taken from `pool` (one system call per 400 keys).
    static func make(now: Date = Date(), pool: inout RandomPool) -> String {
        make(now: now, random: pool.next())
    }

    private static func make(now: Date, random: (UInt64, UInt16)) -> String {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        var b = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { b[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 0..<8 { b[6 + index] = UInt8(truncatingIfNeeded: random.0 >> (8 * index)) }
        b[14] = UInt8(truncatingIfNeeded: random.1)
        b[15] = UInt8(truncatingIfNeeded: random.1 >> 8)
        b[6] = (b[6] & 0x0F) | 0x70  // version 7
        b[8] = (b[8] & 0x3F) | 0x80  // RFC 9562 variant
        // 8-4-4-4-12 lower-case hex, written directly: `UUID.uuidString.lowercased()` builds
        // two strings per key, and a first sync makes a key per account.
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in b.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            Hex.append(byte, to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Random bits for many account keys, 4 KiB at a time from SQLite's generator (ChaCha20,
/// seeded from the kernel), rather than a system call per key (`SystemRandomNumberGenerator`
/// calls `getrandom` twice per key) in a first sync. Key bits need to be unique,
/// not secret.
struct RandomPool {
    private var words: [UInt64] = []
    private var used = 0

    /// 80 random bits.
    mutating func next() -> (UInt64, UInt16) {
        if used + 2 > words.count {
            words = [UInt64](repeating: 0, count: 512)
            words.withUnsafeMutableBytes { sqlite3_randomness(Int32($0.count), $0.baseAddress) }
            used = 0
        }
        defer { used += 2 }
        return (words[used], UInt16(truncatingIfNeeded: words[used + 1]))
    }
}
