import Foundation
import Testing

/// The JSON of `accounts` and `history` as contract section 3 states it: every key present,
/// `null`, `[]` or `{}` where a value is empty, so scripts never test for a key.
@Suite struct JSONShapeTests {
    static let accountKeys: Set = ["username", "email", "display_name", "status", "roles", "projects", "tags", "managed"]
    static let runKeys: Set = ["id", "trigger", "status", "started_at", "finished_at", "summary", "failures"]

    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test func accountsCarryEveryKeyEvenWhenEmpty() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["sync"]).status == 0)
        let result = try workspace.run(["accounts", "--format", "json"])
        #expect(result.status == 0)
        let list = try #require(try json(result.stdout) as? [[String: Any]])
        #expect(list.count == 3)
        for account in list { #expect(Set(account.keys) == Self.accountKeys) }

        let alice = try #require(list.first { $0["username"] as? String == "alice" })
        #expect(alice["email"] as? String == "alice@example.com")
        #expect(alice["display_name"] as? String == "Alice Liddell")
        #expect(alice["status"] as? String == "active")
        #expect(alice["roles"] as? [String] == ["admin", "viewer"])
        #expect(alice["projects"] as? [String: String] == ["apollo": "all"])
        #expect(alice["tags"] as? [String] == ["PRIVILEGED"])
        #expect(alice["managed"] as? Bool == true)

        // bob has neither mail nor cn, no project and no tag.
        let bob = try #require(list.first { $0["username"] as? String == "bob" })
        #expect(bob["email"] is NSNull)
        #expect(bob["display_name"] is NSNull)
        #expect(bob["roles"] as? [String] == ["viewer"])
        #expect((bob["projects"] as? [String: Any])?.isEmpty == true)
        #expect((bob["tags"] as? [Any])?.isEmpty == true)
        // Written out, not just decoded: the keys are in the bytes.
        #expect(result.stdout.contains("\"email\" : null"))
        #expect(result.stdout.contains("\"projects\" : {\n\n    }") || result.stdout.contains("\"projects\" : {}"))
    }

    @Test func accountsWithoutAStateDatabaseIsAnEmptyArray() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["accounts", "--format", "json"])
        #expect(result.status == 0)
        #expect(try json(result.stdout) as? [Any] != nil)
        #expect((try json(result.stdout) as? [Any])?.isEmpty == true)
    }

    @Test func historyCarriesEveryRunKeyAndOperationsNewestFirst() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["sync"]).status == 0)
        try workspace.setDirectory([Workspace.alice, Workspace.bob])
        #expect(try workspace.run(["sync"]).status == 0)

        let result = try workspace.run(["history", "--format", "json"])
        #expect(result.status == 0)
        let entries = try #require(try json(result.stdout) as? [[String: Any]])
        #expect(entries.count == 2)
        for entry in entries {
            #expect(Set(entry.keys) == ["run", "operations"])
            let run = try #require(entry["run"] as? [String: Any])
            #expect(Self.runKeys.isSubset(of: run.keys))
            #expect(run["trigger"] as? String == "cli")
            #expect(run["status"] as? String == "succeeded")
            #expect(run["finished_at"] is String)
            #expect(run["failures"] as? Int == 0)
            #expect(run["summary"] is [String: Int])
            #expect(entry["operations"] is [Any])
        }
        let newest = try #require(entries.first?["run"] as? [String: Any])
        let oldest = try #require(entries.last?["run"] as? [String: Any])
        #expect((newest["id"] as? Int ?? 0) > (oldest["id"] as? Int ?? 0))
        #expect((oldest["summary"] as? [String: Int])?["create"] == 3)
        #expect((newest["summary"] as? [String: Int])?["deactivate"] == 1)

        // Absent values of an operation are null, not missing: a create has no `before`,
        // an applied operation no `error`; bob's account after has no email.
        let creates = try #require(entries.last?["operations"] as? [[String: Any]])
        let bob = try #require(creates.first { $0["username"] as? String == "bob" })
        #expect(bob["action"] as? String == "create")
        #expect(bob["before"] is NSNull)
        #expect(bob["error"] is NSNull)
        #expect(bob["result"] as? String == "applied")
        let after = try #require(bob["after"] as? [String: Any])
        #expect(after["email"] is NSNull)
        #expect(after["display_name"] is NSNull)
    }

    @Test func historyWithoutAStateDatabaseIsAnEmptyArray() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["history", "--format", "json"])
        #expect(result.status == 0)
        #expect((try json(result.stdout) as? [Any])?.isEmpty == true)
    }
}
