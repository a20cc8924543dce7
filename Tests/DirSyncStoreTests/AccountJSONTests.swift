import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct AccountJSONTests {
    static let accounts = [
        Account(key: "k1", username: "alice", email: nil, displayName: nil, status: .inactive),
        Account(
            key: "k\"2\\", username: "bøb \u{1}\n\t\r/", email: "b@example.com", displayName: "Bob \"the\" 🐝",
            status: .active, roles: ["a", "b"], projects: ["z": .all, "apollo": .readOnly, "é": .all], tags: ["US"]),
    ]

    @Test(arguments: accounts)
    func matchesJSONEncoderAndRoundTrips(_ account: Account) throws {
        let text = AccountJSON.encode(account)
        #expect(try StoreJSON.decode(Account.self, from: text) == account)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = try JSONSerialization.jsonObject(with: encoder.encode(account)) as? NSDictionary
        let ours = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
        #expect(ours == reference)
    }
}
