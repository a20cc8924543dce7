import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Testing

/// A second scim2-server as an identity provider: a `type: scim` source.
@Suite(.serialized) struct SCIMSourceTests {
    static let mapping = """
        version: 1
        scope: mapped
        roles:
          admin: { includes: [viewer] }
          viewer: {}
          staff: {}
          rnd: {}
        rules:
          - when: { group: asm-admins }
            roles: [admin]
          - when: { group: staff }
            roles: [staff]
          - when: { attribute: department, equals: "R&D" }
            roles: [rnd]
          - when: { group: "/^proj-(?<project>[a-z0-9]+)-rw$/" }
            projects: { "${project}": all }
        """

    static func user(_ name: String, active: Bool = true, extra: String = "") -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)","active":\#(active),"displayName":"\#(name.capitalized)","emails":[{"value":"\#(name)@example.com","primary":true}]\#(extra)}"#
    }

    static func group(_ name: String, _ members: [String]) -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        return #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"\#(name)","members":[\#(list)]}"#
    }

    @Test func pagedUsersInactiveUsersNestedGroupsAndExtensionAttributes() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let idp = try SCIMServer.start(maxResults: 2)
        defer { idp.stop() }
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        let alice = try idp.create("Users", Self.user("alice", extra: #","title":"Engineer","\#(enterprise)":{"department":"R&D"}"#))
        let bob = try idp.create("Users", Self.user("bob", active: false))
        let carol = try idp.create("Users", Self.user("carol"))
        try idp.create("Users", Self.user("dave"))
        try idp.create("Users", Self.user("erin"))
        let engineering = try idp.create("Groups", Self.group("engineering", [carol]))
        try idp.create("Groups", Self.group("staff", [engineering]))
        try idp.create("Groups", Self.group("asm-admins", [alice]))
        try idp.create("Groups", Self.group("proj-apollo-rw", [alice, bob]))

        let mappingPath = fixture.dir.appendingPathComponent("scim-source.yaml").path
        try Self.mapping.write(toFile: mappingPath, atomically: true, encoding: .utf8)
        var workspace = try fixture.workspace(mapping: mappingPath)
        workspace.settings.sources = [
            SourceSettings(
                name: "idp",
                kind: .scim(SCIMSourceSettings(
                    connection: SCIMConnectionSettings(url: idp.baseURL, token: Secret(idp.token)), pageSize: 2)))
        ]
        let plan = try await workspace.plan().1.plan
        let byName = Dictionary(uniqueKeysWithValues: plan.operations.map { ($0.username, $0) })
        #expect(Set(byName.keys) == ["alice", "carol"])  // bob inactive, dave and erin mapped by nothing
        #expect(byName["alice"]?.roles == ["admin", "rnd", "viewer"])
        #expect(byName["alice"]?.projects == ["apollo": .all])
        #expect(byName["alice"]?.identity == "idp:\(alice)")
        #expect(byName["carol"]?.roles == ["staff"])  // through engineering, nested in staff
        #expect(byName["carol"]?.email == "carol@example.com")
        _ = bob
    }

    @Test func anUnreachableProviderIsAnIncompleteReadThatChangesNothing() async throws {
        let fixture = try EngineFixture(fillers: 0)
        var workspace = try fixture.workspace()
        workspace.settings.sources = [
            SourceSettings(
                name: "idp",
                kind: .scim(SCIMSourceSettings(connection: SCIMConnectionSettings(url: "http://127.0.0.1:1/v2", timeoutSeconds: 2))))
        ]
        let error = await #expect(throws: DirSyncFailure.self) { try await SyncRunner(workspace: workspace).run(SyncRequest()) }
        #expect(error?.code == .readFailed)
        #expect(error?.message.contains("source 'idp'") == true)
        #expect(try fixture.accounts().isEmpty)
    }
}
