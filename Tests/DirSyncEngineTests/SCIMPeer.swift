import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation

/// An engine fixture (real slapd, config) whose target is a real scim2-server, and the
/// server's state as plain values for assertions.
final class SCIMPeer: @unchecked Sendable {
    let fixture: EngineFixture
    let server: SCIMServer
    /// Where dirsync sends its requests: the server itself, or a fault proxy in front of it.
    var url: String
    var rolesAs: SCIMTargetSettings.RolesAs = .attribute
    var roleGroup = "role-{role}"
    var onDeactivate: String = ""

    init(fillers: Int = 5, maxResults: Int = 7, patch: Bool = true, bulk: Bool = true, deleteAfter: String = "30d") throws {
        fixture = try EngineFixture(fillers: fillers, deleteAfter: deleteAfter)
        server = try SCIMServer.start(maxResults: maxResults, patch: patch, bulk: bulk)
        url = server.baseURL
    }

    deinit { server.stop() }

    func workspace() throws -> Workspace {
        var workspace = try fixture.workspace()
        workspace.settings.target = .scim(
            SCIMTargetSettings(
                connection: SCIMConnectionSettings(url: url, token: Secret(server.token), timeoutSeconds: 5),
                rolesAs: rolesAs, roleGroup: roleGroup))
        return workspace
    }

    @discardableResult
    func sync(_ request: SyncRequest = SyncRequest()) async throws -> SyncOutcome {
        try await SyncRunner(workspace: workspace()).run(request)
    }

    func plan() async throws -> Plan {
        try await workspace().plan().1.plan
    }

    /// A User as the server holds it.
    struct User: Equatable {
        var id: String
        var userName: String
        var email: String?
        var active: Bool
        var roles: [String]
        var entitlements: [String]
        var externalId: String?
    }

    func users() throws -> [String: User] {
        var result: [String: User] = [:]
        for u in try server.all("Users") {
            let name = u["userName"] as! String
            let emails = u["emails"] as? [[String: Any]] ?? []
            let values = { (key: String) in ((u[key] as? [[String: Any]]) ?? []).compactMap { $0["value"] as? String }.sorted() }
            result[name] = User(
                id: u["id"] as! String, userName: name, email: emails.first?["value"] as? String,
                active: u["active"] as? Bool ?? true, roles: values("roles"), entitlements: values("entitlements"),
                externalId: u["externalId"] as? String)
        }
        return result
    }

    /// Group displayName → member userNames, sorted; also counts groups per name.
    func groups() throws -> [String: [String]] {
        let byID = Dictionary(uniqueKeysWithValues: try users().values.map { ($0.id, $0.userName) })
        var result: [String: [String]] = [:]
        for g in try server.all("Groups") {
            let name = g["displayName"] as! String
            let members = ((g["members"] as? [[String: Any]]) ?? []).compactMap { $0["value"] as? String }
            result[name, default: []] += members.map { byID[$0] ?? "?\($0)" }
            result[name]!.sort()
        }
        return result
    }

    func groupCount(named name: String) throws -> Int {
        try server.all("Groups").filter { $0["displayName"] as? String == name }.count
    }
}
