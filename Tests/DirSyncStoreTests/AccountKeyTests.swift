import Foundation
import Testing

@testable import DirSyncStore

@Suite struct AccountKeyTests {
    @Test func keysAreVersion7UUIDsOrderedByTime() throws {
        let earlier = AccountKey.make(now: Date(timeIntervalSince1970: 1_790_000_000))
        let later = AccountKey.make(now: Date(timeIntervalSince1970: 1_790_000_000.002))
        #expect(earlier < later)
        #expect(UUID(uuidString: earlier)?.uuidString.lowercased() == earlier)  // canonical 8-4-4-4-12 text
        #expect(earlier == earlier.lowercased())
        #expect(Array(earlier)[14] == "7")
        #expect(earlier.hasPrefix("01a0c450-6c00-7"))  // 1_790_000_000_000 ms = 0x01a0_c450_6c00
        #expect(Set((0..<1000).map { _ in AccountKey.make() }).count == 1000)
    }
}
