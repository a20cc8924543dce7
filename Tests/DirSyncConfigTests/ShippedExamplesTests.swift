import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// The mapping sets and the quickstart config shipped in the repository load cleanly, so
/// the examples stay true to the code.
@Suite struct ShippedExamplesTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["media-platform", "policy-manager", "streaming-portal"])
    func exampleMappingSetLoads(_ name: String) throws {
        let mapping = try ConfigLoader.loadMappings(path: Self.root.appendingPathComponent("mappings/\(name)").path)
        #expect(!mapping.rules.isEmpty)
    }

    @Test func quickstartConfigAndMappingLoad() throws {
        let config = Self.root.appendingPathComponent("examples/quickstart/dirsync.yaml").path
        let (settings, mapping) = try ConfigLoader.load(
            configPath: config, mappingOverride: nil, environment: ["DIRSYNC_DEMO_LDAP_URL": "ldap://127.0.0.1:3890"])
        #expect(settings.sources.map(\.name) == ["demo"])
        #expect(!mapping.rules.isEmpty)
        #expect(!mapping.excludes.isEmpty)
    }

    /// The quickstart's second config provisions the same directory into scim2-server: a
    /// SCIM target over the demo token, with its own state database.
    @Test func quickstartSCIMConfigLoads() throws {
        let config = Self.root.appendingPathComponent("examples/quickstart/dirsync-scim.yaml").path
        let (settings, mapping) = try ConfigLoader.load(
            configPath: config, mappingOverride: nil,
            environment: ["DIRSYNC_DEMO_LDAP_URL": "ldap://127.0.0.1:3890", "DIRSYNC_DEMO_SCIM_URL": "http://127.0.0.1:8080/v2"])
        #expect(settings.sources.map(\.name) == ["demo"])
        #expect(settings.statePath.hasSuffix("/dirsync-scim.sqlite"))
        #expect(!mapping.rules.isEmpty)
        guard case .scim(let target) = settings.target else {
            Issue.record("dirsync-scim.yaml must have a scim target")
            return
        }
        #expect(target.connection.url == "http://127.0.0.1:8080/v2")
        #expect(target.connection.token?.value == "dirsync-demo-scim-token")
        #expect(target.rolesAs == .attribute)
        #expect(target.projectGroup == "{project}:{permission}")
        #expect(target.tagsAs == .entitlements)
    }
}
