import DirSyncCore
import Testing

@testable import DirSyncLDAP

@Suite struct RangedRetrievalTests {
    @Test func parsesRangeOptions() {
        let first = RangedAttribute("member;range=0-1499")
        #expect(first?.name == "member" && first?.low == 0 && first?.high == 1499)
        #expect(RangedAttribute("member;range=0-1499")?.next == "member;range=1500-*")
        #expect(RangedAttribute("Member;Range=1500-*")?.high == nil)
        #expect(RangedAttribute("Member;Range=1500-*")?.next == nil)
        #expect(RangedAttribute("member") == nil)
        #expect(RangedAttribute("cn;lang-en") == nil)
        #expect(RangedAttribute("member;range=9-3") == nil)
    }

    /// AD caps values per attribute and expects the client to ask for the rest. The groups
    /// are read on a second connection while the users arrive; a server that refuses the
    /// second connection gets both searches on the first, with the same result.
    @Test(arguments: [Int.max, 1])
    func readsEverySliceOfABigGroup(maxConnections: Int) async throws {
        @Sendable func dns(_ range: Range<Int>) -> [String] { range.map { "cn=u\($0),ou=people,dc=corp,dc=test" } }
        let server = try ScriptedLDAPServer(maxConnections: maxConnections) { request in
            let text = String(decoding: request, as: UTF8.self)
            if text.contains("member;range=3-*") {
                return [("CN=big,OU=groups,DC=corp,DC=test", [("member;range=3-5", dns(3..<6))])]
            }
            if text.contains("member;range=6-*") {
                return [("CN=big,OU=groups,DC=corp,DC=test", [("member;range=6-*", dns(6..<8))])]
            }
            if text.contains("ou=groups") {
                return [
                    ("CN=big,OU=groups,DC=corp,DC=test", [("cn", ["big"]), ("member;range=0-2", dns(0..<3))]),
                    ("CN=small,OU=groups,DC=corp,DC=test", [("cn", ["small"]), ("member", dns(0..<1))]),
                ]
            }
            return [("CN=u0,OU=people,DC=corp,DC=test", [("objectGUID", ["0123456789abcdef"]), ("sAMAccountName", ["u0"])])]
        }
        let settings = LDAPSourceSettings(
            urls: [server.url], bindDN: "cn=x", bindPassword: Secret("pw"), timeoutSeconds: 5,
            users: UserSchema(base: "ou=people,dc=corp,dc=test", id: "objectGUID", username: "sAMAccountName"),
            groups: GroupSchema(base: "ou=groups,dc=corp,dc=test", member: [.member]))
        let snapshot = try await LDAPSource(name: "ad", settings: settings).readSnapshot()
        #expect(snapshot.users.map(\.username) == ["u0"])
        // u0 is a user of this source, so it arrives resolved; the other values as written.
        let big = try #require(snapshot.groups.first { $0.name == "big" })
        #expect(big.memberUsers == [0])
        #expect(big.members == dns(1..<8))
        let small = try #require(snapshot.groups.first { $0.name == "small" })
        #expect(small.memberUsers == [0])
        #expect(small.members == [])
        #expect(server.connectionsServed == min(2, maxConnections))
    }
}
