import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// What a long apply does on the machine's other core: render the output while it writes
/// (used only when every operation applied) and checkpoint the WAL into the database file.
@Suite(.serialized)
struct ApplyOverlapTests {
    static let render: @Sendable (Plan) -> [[UInt8]] = { plan in
        [Array(plan.operations.map { "\($0.action.rawValue) \($0.username)" }.joined(separator: "\n").utf8)]
    }

    @Test func aLongApplyHandsBackTheOutputOfWhatItApplied() async throws {
        let fixture = try EngineFixture(fillers: 40)
        let runner = try SyncRunner(workspace: fixture.workspace(), applyChunkSize: 7, renderAheadMinimum: 10)
        let outcome = try await runner.run(SyncRequest(render: Self.render))
        #expect(outcome.applied.summary.create == 48)
        #expect(outcome.failures.isEmpty)
        let rendered = try #require(outcome.rendered)
        #expect(rendered == Self.render(outcome.applied))
        #expect(try StateStore(path: fixture.statePath).readAccounts().count == 48)
    }

    @Test func aShortApplyRendersNothingAhead() async throws {
        let fixture = try EngineFixture(fillers: 40)
        let runner = try SyncRunner(workspace: fixture.workspace(), applyChunkSize: 7, renderAheadMinimum: 49)
        let outcome = try await runner.run(SyncRequest(render: Self.render))
        #expect(outcome.applied.summary.create == 48)
        #expect(outcome.rendered == nil)
    }

    @Test func aFailedOperationLeavesTheOutputToTheCaller() async throws {
        let fixture = try EngineFixture(fillers: 40)
        // user0003's username is held by an account dirsync does not manage, with another
        // email: not adopted, so its create fails at the store and the rest applies.
        try StateStore(path: fixture.statePath).insertUnmanagedAccount(
            Account(
                key: "", username: "user0003", email: "someone@elsewhere.org", displayName: nil, status: .active,
                roles: [], projects: [:], tags: []))
        let runner = try SyncRunner(workspace: fixture.workspace(), applyChunkSize: 7, renderAheadMinimum: 10)
        let outcome = try await runner.run(SyncRequest(render: Self.render))
        #expect(outcome.failures.map(\.username) == ["user0003"])
        #expect(outcome.applied.summary.create == 47)
        #expect(outcome.rendered == nil)
    }
}
