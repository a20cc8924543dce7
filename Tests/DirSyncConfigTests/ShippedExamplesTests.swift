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
}
