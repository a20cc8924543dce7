import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Testing

/// What a sync reports while it applies: the events a caller renders and counts from.
@Suite(.serialized)
struct SyncEventTests {
    /// Collects a sync's events in the order they arrive.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [SyncEvent] = []
        var handler: SyncEventHandler { { [self] event in lock.withLock { events.append(event) } } }
        var all: [SyncEvent] { lock.withLock { events } }
    }

    /// The embedded store in chunks of 7 operations, so that 48 creates take several.
    private func runner(_ fixture: EngineFixture) throws -> SyncRunner {
        var workspace = try fixture.workspace()
        workspace.environment["DIRSYNC_APPLY_CHUNK"] = "7"
        return SyncRunner(workspace: workspace)
    }

    private static func name(_ event: SyncEvent) -> String {
        switch event {
        case .started: "started"
        case .read: "read"
        case .planned: "planned"
        case .refused: "refused"
        case .applying: "applying"
        case .applied: "applied"
        case .progressed: "progressed"
        case .operationFailed: "failed"
        case .finished: "finished"
        }
    }

    @Test func aLongApplyReportsEveryChunkInOrder() async throws {
        let fixture = try EngineFixture(fillers: 40)
        let recorder = Recorder()
        let outcome = try await runner(fixture).run(SyncRequest(), events: recorder.handler)
        #expect(outcome.applied.summary.create == 48)
        let events = recorder.all
        #expect(events.map(Self.name) == ["started", "read", "planned", "applying"] + Array(repeating: "applied", count: 7) + ["finished"])
        var ordered: [AccountOperation] = []
        var chunked: [AccountOperation] = []
        var done: [Int] = []
        for event in events {
            if case .applying(let ops) = event { ordered = ops }
            if case .applied(let chunk, let count, let total) = event {
                chunked += chunk.operations
                done.append(count)
                #expect(total == 48)
                for (op, result) in zip(chunk.operations, chunk.results) {
                    guard case .applied(let after) = result else { Issue.record("\(op.username) not applied"); continue }
                    #expect(after?.username == op.username)
                    #expect(after?.status == .active)
                }
            }
        }
        #expect(done == [7, 14, 21, 28, 35, 42, 48])
        #expect(chunked == ordered)
        #expect(outcome.applied.operations == ordered)
        guard case .finished(let runID, let status, let summary, let failures, _) = events.last else {
            Issue.record("no finished event")
            return
        }
        #expect(runID == outcome.runID && status == .succeeded && summary.create == 48 && failures == 0)
        #expect(try StateStore(path: fixture.statePath).readAccounts().count == 48)
    }

    @Test func aFailedOperationIsReportedAndTheRestApplies() async throws {
        let fixture = try EngineFixture(fillers: 40)
        // user0003's username is held by an account dirsync does not manage, with another
        // email: not adopted, so its create fails at the store and the rest applies.
        try StoreTarget(store: StateStore(path: fixture.statePath)).insertUnmanagedAccount(
            Account(
                key: "", username: "user0003", email: "someone@elsewhere.org", displayName: nil, status: .active,
                roles: [], projects: [:], tags: []))
        let recorder = Recorder()
        let outcome = try await runner(fixture).run(SyncRequest(), events: recorder.handler)
        #expect(outcome.failures.map(\.username) == ["user0003"])
        #expect(outcome.applied.summary.create == 47)
        let failed = recorder.all.compactMap { event -> String? in
            if case .operationFailed(let op, _) = event { return op.username }
            return nil
        }
        #expect(failed == ["user0003"])
        guard case .finished(_, let status, _, let failures, _) = recorder.all.last else {
            Issue.record("no finished event")
            return
        }
        #expect(status == .partial && failures == 1)
    }

    @Test func aRefusedSyncReportsWhyAndFinishes() async throws {
        let fixture = try EngineFixture(fillers: 40)
        try await fixture.sync()
        // Everyone leaves the mapping: far more deactivations than 10% allow.
        try "version: 1\nscope: mapped\nrules: []\n".write(
            toFile: fixture.dir.appendingPathComponent("mappings/10-main.yaml").path, atomically: true, encoding: .utf8)
        let recorder = Recorder()
        await #expect(throws: DirSyncFailure.self) {
            try await SyncRunner(workspace: fixture.workspace()).run(SyncRequest(), events: recorder.handler)
        }
        #expect(recorder.all.map(Self.name) == ["started", "read", "planned", "refused", "finished"])
        guard case .finished(_, let status, _, _, let message) = recorder.all.last else { return }
        #expect(status == .refused)
        #expect(message?.contains("Nothing was changed") == true)
    }
}
