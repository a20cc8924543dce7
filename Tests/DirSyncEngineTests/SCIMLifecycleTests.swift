import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Testing

/// Every lifecycle step of a managed account, carried out in a real scim2-server.
@Suite(.serialized) struct SCIMLifecycleTests {
    /// A mover changes email and name (one PATCH, same SCIM id), another joins a project (the
    /// group is created); a locked person is deactivated and leaves their project groups;
    /// unlocked, they are reactivated and rejoin them.
    @Test func updateRenameDeactivateAndReactivate() async throws {
        let peer = try SCIMPeer()
        try await peer.sync()
        let bobID = try #require(try peer.users()["bob"]?.id)
        let usersBefore = try peer.users().count
        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            replace: mail
            mail: robert@example.com
            -
            replace: cn
            cn: Robert Builder
            -

            dn: cn=proj-apollo-ro,ou=groups,dc=example,dc=com
            changetype: modify
            add: member
            member: \(EngineFixture.dn("frank"))
            -

            dn: \(EngineFixture.dn("alice"))
            changetype: modify
            add: nsAccountLock
            nsAccountLock: TRUE
            -

            """)
        let plan = try await peer.plan()
        #expect(plan.operations.map(\.action).sorted() == [.update, .update, .deactivate])
        let outcome = try await peer.sync()
        #expect(outcome.failures.isEmpty)
        let users = try peer.users()
        #expect(users.count == usersBefore)
        #expect(users["bob"]?.id == bobID)
        #expect(users["bob"]?.email == "robert@example.com")
        #expect(users["alice"]?.active == false)
        #expect(try peer.groups()["apollo:all"] == ["bob"])
        #expect(try peer.groups()["apollo:read-only"] == ["frank"])
        #expect(try await peer.plan().operations.isEmpty)

        try peer.fixture.lock("alice", false)
        #expect(try await peer.plan().operations.map(\.action) == [.reactivate])
        try await peer.sync()
        #expect(try peer.users()["alice"]?.active == true)
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob"])
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// A person gone from the directory under `delete_after: 0` is deleted: out of their
    /// groups first (scim2-server would keep a deleted user in `members`), then the User.
    @Test func deleteLeavesGroupsFirst() async throws {
        let peer = try SCIMPeer(deleteAfter: "0")
        try await peer.sync()
        try peer.fixture.slapd.delete(dn: EngineFixture.dn("bob"))
        let plan = try await peer.plan()
        #expect(plan.operations.map(\.action) == [.delete])
        let outcome = try await peer.sync(SyncRequest(allowMassChanges: true))
        #expect(outcome.failures.isEmpty)
        #expect(try peer.users()["bob"] == nil)
        #expect(try peer.groups()["apollo:all"] == ["alice"])
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// Accounts already in the application are adopted (same SCIM id, externalId set, no
    /// second account); an account dirsync does not manage keeps everything it holds.
    @Test func adoptsExistingAccountsAndLeavesUnmanagedOnesAlone() async throws {
        let peer = try SCIMPeer()
        let aliceID = try peer.server.create("Users", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"alice.l","emails":[{"value":"ALICE@example.com","primary":true}],"roles":[{"value":"legacy"}]}
            """#)
        let outsiderID = try peer.server.create("Users", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"outsider","emails":[{"value":"outsider@else.org","primary":true}],"roles":[{"value":"legacy"}],"active":true}
            """#)
        try peer.server.create("Groups", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"apollo:all","members":[{"value":"\#(outsiderID)"}]}
            """#)
        let plan = try await peer.plan()
        let alice = try #require(plan.operations.first { $0.account == aliceID })
        #expect(alice.action == .adopt)
        #expect(alice.changes?.usernameFrom == "alice.l")
        #expect(alice.changes?.rolesRemoved == ["legacy"])
        let outcome = try await peer.sync()
        #expect(outcome.failures.isEmpty)
        let users = try peer.users()
        #expect(users["alice"]?.id == aliceID)
        #expect(users["alice"]?.externalId?.hasPrefix("corp:") == true)
        #expect(users["alice.l"] == nil)
        #expect(users["outsider"] == SCIMPeer.User(
            id: outsiderID, userName: "outsider", email: "outsider@else.org", active: true, roles: ["legacy"],
            entitlements: [], externalId: nil))
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob", "outsider"])
        #expect(try peer.groupCount(named: "apollo:all") == 1)
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// The directory is the truth for managed accounts: re-activated by hand, given a role
    /// or a project by hand, they are put back by the next sync, as ordinary operations.
    @Test func driftIsCorrected() async throws {
        let peer = try SCIMPeer()
        try peer.fixture.lock("carol")
        try await peer.sync()
        try peer.fixture.lock("dave")
        try await peer.sync()
        let users = try peer.users()
        let dave = try #require(users["dave"])
        #expect(dave.active == false)
        let bob = try #require(users["bob"])
        _ = try peer.server.call("PATCH", "/Users/\(dave.id)", json: #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}
            """#)
        _ = try peer.server.call("PATCH", "/Users/\(bob.id)", json: #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"roles","value":[{"value":"admin"}]}]}
            """#)
        try peer.server.create("Groups", #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"hermes:read-only","members":[{"value":"\#(bob.id)"}]}
            """#)
        let plan = try await peer.plan()
        #expect(plan.operations.map { "\($0.action.rawValue) \($0.username)" }.sorted() == ["deactivate dave", "update bob"])
        let bobUpdate = try #require(plan.operations.first { $0.username == "bob" })
        #expect(bobUpdate.changes?.rolesRemoved == ["admin"])
        #expect(bobUpdate.changes?.projectsRemoved == ["hermes"])
        try await peer.sync()
        let after = try peer.users()
        #expect(after["dave"]?.active == false)
        #expect(after["bob"]?.roles == ["viewer"])
        #expect(try peer.groups()["hermes:read-only"] == [])
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// `roles_as: groups`: one group per role (`role-{role}`), kept in step like projects.
    @Test func rolesAsGroups() async throws {
        let peer = try SCIMPeer()
        peer.rolesAs = .groups
        try await peer.sync()
        let groups = try peer.groups()
        #expect(groups["role-admin"] == ["alice"])
        #expect(groups["role-editor"] == ["alice"])
        #expect(try peer.users()["alice"]?.roles == [])
        #expect(try await peer.plan().operations.isEmpty)
        try peer.fixture.slapd.modify(ldif: """
            dn: cn=asm-admins,ou=groups,dc=example,dc=com
            changetype: modify
            add: member
            member: \(EngineFixture.dn("carol"))
            -
            delete: member
            member: \(EngineFixture.dn("alice"))
            -

            """)
        let plan = try await peer.plan()
        #expect(plan.operations.first { $0.username == "alice" }?.changes?.rolesRemoved == ["admin", "editor"])
        try await peer.sync()
        #expect(try peer.groups()["role-admin"] == ["carol"])
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// Under `role_group: "{role}"` (the default) every name fits the template, so only the
    /// groups named after a role the mappings know are role groups: the application's own
    /// team group keeps its managed member, while a hand-made member of a known role's group
    /// is planned out like any drift.
    @Test func aBareRoleTemplateClaimsOnlyTheMappingsRoles() async throws {
        let peer = try SCIMPeer()
        peer.rolesAs = .groups
        peer.roleGroup = "{role}"
        try await peer.sync()
        #expect(try peer.groups()["admin"] == ["alice"])
        let users = try peer.users()
        let bobID = try #require(users["bob"]?.id), carolID = try #require(users["carol"]?.id)
        let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
        try peer.server.create("Groups", #"{"schemas":["\#(groupSchema)"],"displayName":"Platform Team","members":[{"value":"\#(bobID)"}]}"#)
        let adminID = try #require(try peer.server.all("Groups").first { $0["displayName"] as? String == "admin" }?["id"] as? String)
        let handMade = try peer.server.call(
            "PATCH", "/Groups/\(adminID)",
            json: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(carolID)"}]}]}"#)
        #expect([200, 204].contains(handMade.status), "\(handMade.body)")

        let plan = try await peer.plan()
        #expect(plan.operations.map(\.username) == ["carol"])
        #expect(plan.operations.first?.changes?.rolesRemoved == ["admin"])
        try await peer.sync()
        #expect(try peer.groups()["Platform Team"] == ["bob"])
        #expect(try peer.groups()["admin"] == ["alice"])
        #expect(try await peer.plan().operations.isEmpty)
    }

    /// A provider without PATCH gets whole Users and Groups by PUT.
    @Test func updatesByPutWithoutPatch() async throws {
        let peer = try SCIMPeer(patch: false)
        #expect(try await peer.sync().failures.isEmpty)
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob"])
        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            replace: mail
            mail: robert@example.com
            -

            dn: cn=proj-apollo-rw,ou=groups,dc=example,dc=com
            changetype: modify
            add: member
            member: \(EngineFixture.dn("frank"))
            -

            """)
        try await peer.sync()
        #expect(try peer.users()["bob"]?.email == "robert@example.com")
        #expect(try peer.groups()["apollo:all"] == ["alice", "bob", "frank"])
        let log = try String(contentsOfFile: peer.server.logPath, encoding: .utf8)
        #expect(log.contains("\"PUT /v2/Users/"))
        #expect(!log.contains("\"PATCH "))
        #expect(log.contains("\"PUT /v2/Groups/"))
        let again = try await peer.plan()
        #expect(again.operations.isEmpty, "\(again.operations)")
    }
}

extension SCIMLifecycleTests {
    /// A rename in the directory (a new uid, the same entryUUID) is one PATCH of the same
    /// SCIM user: no new user, no delete, memberships untouched.
    @Test func aRenameIsOnePatchOfTheSameUser() async throws {
        let peer = try SCIMPeer(bulk: false)
        try await peer.sync()
        let before = try peer.users()
        let bobID = try #require(before["bob"]?.id)
        let writes = peer.server.writeRequestCount()
        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modrdn
            newrdn: uid=robert
            deleteoldrdn: 1

            dn: cn=proj-apollo-rw,ou=groups,dc=example,dc=com
            changetype: modify
            delete: member
            member: \(EngineFixture.dn("bob"))
            -
            add: member
            member: \(EngineFixture.dn("robert"))
            -

            """)
        let plan = try await peer.plan()
        #expect(plan.operations.map(\.action) == [.update])
        #expect(plan.operations.first?.changes?.usernameFrom == "bob")
        try await peer.sync()
        let after = try peer.users()
        #expect(after.count == before.count)
        #expect(after["robert"]?.id == bobID)
        #expect(after["bob"] == nil)
        #expect(try peer.groups()["apollo:all"] == ["alice", "robert"])
        #expect(peer.server.writeRequestCount() == writes + 1)
        let log = try String(contentsOfFile: peer.server.logPath, encoding: .utf8)
        #expect(log.contains("\"PATCH /v2/Users/\(bobID) "))
    }
}

extension SCIMLifecycleTests {
    /// dirsync owns a User's primary email only: an address the application added (home)
    /// survives a change of the primary one and a change of anything else, by PATCH and by
    /// PUT and through `/Bulk` alike, and is never read as the person's email.
    @Test(arguments: ["patch", "put", "bulk"]) func theApplicationsOtherAddressesAreKept(writes: String) async throws {
        let peer = try SCIMPeer(patch: writes != "put", bulk: writes == "bulk")
        try await peer.sync()
        let bobID = try #require(try peer.users()["bob"]?.id)
        let (_, body) = try peer.server.call("GET", "/Users/\(bobID)")
        var bob = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        bob["meta"] = nil
        bob["emails"] = (bob["emails"] as? [[String: Any]] ?? []) + [["value": "bob@home.example", "type": "home"]]
        let put = try peer.server.call("PUT", "/Users/\(bobID)", json: String(decoding: try JSONSerialization.data(withJSONObject: bob), as: UTF8.self))
        #expect(put.status == 200, "\(put.body)")
        #expect(try await peer.plan().operations.isEmpty)

        func emails() throws -> [String] {
            let user = try #require(try peer.server.all("Users").first { $0["id"] as? String == bobID })
            return (user["emails"] as? [[String: Any]] ?? []).map {
                "\($0["value"] as? String ?? "?") \($0["type"] as? String ?? "-")\($0["primary"] as? Bool == true ? " primary" : "")"
            }.sorted()
        }
        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            replace: mail
            mail: robert@example.com
            -

            """)
        try await peer.sync()
        #expect(try emails() == ["bob@home.example home", "robert@example.com work primary"])

        try peer.fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("bob"))
            changetype: modify
            replace: cn
            cn: Robert Builder
            -

            """)
        try await peer.sync()
        #expect(try emails() == ["bob@home.example home", "robert@example.com work primary"])
        #expect(try await peer.plan().operations.isEmpty)
    }
}
