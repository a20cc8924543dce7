import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Logging
import Testing

/// Each example mapping set in `mappings/` ships a small LDIF directory and an `EXPECTED.md`
/// worked out by hand; planning the one must give the other, so the examples (and what they
/// teach about the mapping semantics) stay true to the code. LDIF only: no server, fast.
@Suite struct ShippedMappingSetTests {
    @Test(arguments: ["media-platform", "policy-manager", "streaming-portal"])
    func firstPlanMatchesExpected(_ name: String) async throws {
        let folder = Repository.root.appendingPathComponent("mappings/\(name)").standardizedFileURL.path
        let example = folder + "/example"
        var logger = Logger(label: "test")
        logger.logLevel = .error
        var workspace = try Workspace.load(configPath: example + "/dirsync.yaml", logger: logger)
        // A first plan: against no accounts, whatever a manual `sync` left in the folder.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-\(UUID().uuidString)")
        workspace.settings.statePath = scratch.appendingPathComponent("dirsync.sqlite").path
        let (world, planning) = try await workspace.plan()
        #expect(!FileManager.default.fileExists(atPath: scratch.path), "plan must not create the state database")

        let expected = try String(contentsOfFile: example + "/EXPECTED.md", encoding: .utf8)
        let accounts = try #require(ExpectedTables.rows(under: ExpectedTables.accountsHeader, in: expected))
        let noAccount = try #require(ExpectedTables.rows(under: ExpectedTables.noAccountHeader, in: expected))
        #expect(planning.plan.operations.allSatisfy { $0.action == .create })
        #expect(planning.plan.warnings == [])
        #expect(ExpectedTables.accountRows(planning.plan) == accounts)
        let decisions = MappingEngine(mapping: workspace.mapping, index: world.index).decideAll()
        #expect(ExpectedTables.noAccountRows(decisions, relativeTo: folder) == noAccount)
    }

    @Test func tablesAreReadByTheirHeader() throws {
        let markdown = """
            Intro.

            | username | reason |
            | --- | --- |
            | judy | no mapping rule `matches` |
            | svc-x | excluded |

            | other | table |
            """
        #expect(ExpectedTables.rows(under: ExpectedTables.noAccountHeader, in: markdown) == [
            ["judy", "no mapping rule matches"], ["svc-x", "excluded"],
        ])
        #expect(ExpectedTables.rows(under: ExpectedTables.accountsHeader, in: markdown) == nil)
    }
}
