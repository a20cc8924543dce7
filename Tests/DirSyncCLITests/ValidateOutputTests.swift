import Foundation
import Testing

/// What `dirsync validate` tells an operator: a one-line verdict for a good config, every
/// problem as `FILE:LINE:COL: message` for a bad one; and that it touches nothing.
@Suite struct ValidateOutputTests {
    @Test func goodConfigPrintsCountsAndTouchesNothing() throws {
        let workspace = try Workspace()
        let result = try workspace.run(["validate"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "Configuration is valid: 1 source, 3 mapping rules.\n")
        #expect(result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath))
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath + ".lock"))
    }

    @Test func badConfigListsEveryProblemWithItsPosition() throws {
        // Two problems in the config and one in the mapping: all three are reported.
        let config = Workspace.config
            .replacingOccurrences(of: "match_by: username", with: "match_by: phone")
            .replacingOccurrences(of: "  delete_after: 30d", with: "  delete_after: soon")
        let workspace = try Workspace(config: config)
        try workspace.write(Workspace.mapping.replacingOccurrences(of: "roles: [admin]", with: "roles: [boss]"),
                            to: "mappings/main.yaml")
        let result = try workspace.run(["validate"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let config4 = "\(workspace.configPath):4:"
        let config16 = "\(workspace.configPath):16:"
        let mapping = "\(workspace.path)/mappings/main.yaml:9:"
        for prefix in [config4, config16, mapping] {
            #expect(lines.contains { $0.contains(prefix) }, "no problem at \(prefix) in: \(result.stderr)")
        }
        #expect(result.stderr.contains("boss"))
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath))
    }

    @Test func mappingOverrideIsValidatedInsteadOfTheConfiguredOne() throws {
        let workspace = try Workspace()
        try workspace.write("version: 1\nrules:\n  - when: { group: staff }\n", to: "proposed.yaml")
        let result = try workspace.run(["validate", "--mapping", workspace.path + "/proposed.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("proposed.yaml:3:"), "stderr: \(result.stderr)")
    }
}
