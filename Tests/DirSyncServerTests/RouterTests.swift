import DirSyncStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DirSyncServer

/// The routes in-process (HummingbirdTesting's router framework) on a daemon reading the
/// quickstart directory from LDIF: real syncs into a real state database, no sockets.
@Suite struct RouterTests {
    typealias Client = any TestClientProtocol

    func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
    }

    /// Polls `GET /v1/runs/{id}` until the run has ended, for at most 30 s.
    func finishedRun(_ id: Int, _ client: Client) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        var expired = false
        while !expired {
            expired = ContinuousClock.now >= deadline  // so a starved poller still looks once more
            let run = try json(try await client.execute(uri: "/v1/runs/\(id)", method: .get, headers: Signing.bearer))
            if let status = run["status"] as? String, status != "queued", status != "running" { return run }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("run \(id) did not finish within 30 s")
        return [:]
    }

    func runCount(_ client: Client) async throws -> Int {
        let runs = try json(try await client.execute(uri: "/v1/runs", method: .get, headers: Signing.bearer))["runs"]
        return (runs as? [Any])?.count ?? -1
    }

    func post(_ body: String, _ headers: HTTPFields, _ client: Client) async throws -> TestResponse {
        try await client.execute(uri: "/v1/sync", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func healthReadinessAndMetricsAnswerFromStart() async throws {
        let fixture = try ServerFixture()
        let daemon = try fixture.daemon()
        try await buildApplication(daemon).test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            for family in [
                "dirsync_runs_total", "dirsync_operations_total", "dirsync_guard_refusals_total",
                "dirsync_source_read_duration_seconds", "dirsync_apply_duration_seconds", "dirsync_accounts_managed",
                "dirsync_webhook_deliveries_total", "dirsync_last_success_timestamp_seconds", "dirsync_build_info",
                "dirsync_next_scheduled_run_timestamp_seconds",
            ] {
                #expect(text.contains("# TYPE \(family) "), "\(family) missing")
            }
            #expect(text.contains(#"dirsync_runs_total{trigger="webhook",outcome="failed"} 0"#))
            #expect(text.contains(#"dirsync_build_info{version="9.9.9-test"} 1"#))
            let names = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.prefix { $0 != "{" && $0 != " " } }
            #expect(names.allSatisfy { $0.hasPrefix("dirsync_") })
        }
    }

    @Test func signedWebhooksStartARunThatFinishesWithTheAccounts() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            let accepted = try await post("", Signing.dirsync(""), client)
            #expect(accepted.status == .accepted)
            let answer = try json(accepted)
            #expect(answer["coalesced"] as? Bool == false)
            let run = try await finishedRun(try #require(answer["run"] as? Int), client)
            #expect(run["status"] as? String == "succeeded")
            #expect(run["trigger"] as? String == "webhook")
            #expect(Set(run.keys) == ["id", "trigger", "status", "started_at", "finished_at", "summary", "failures", "message"])
            #expect(run["message"] is NSNull)
            #expect((run["summary"] as? [String: Any])?["create"] as? Int == 7)

            let standard = try await post("{}", Signing.standard("{}", id: "msg_1"), client)
            #expect(standard.status == .accepted)
            let second = try await finishedRun(try #require(try json(standard)["run"] as? Int), client)
            #expect(second["status"] as? String == "succeeded")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"dirsync_runs_total{trigger="webhook",outcome="succeeded"} 2"#))
            #expect(metrics.contains(#"dirsync_operations_total{action="create",result="applied"} 7"#))
            #expect(metrics.contains(#"dirsync_accounts_managed{status="active"} 7"#))
            #expect(metrics.contains(#"dirsync_webhook_deliveries_total{verdict="accepted"} 2"#))
        }
    }

    @Test func badDeliveriesStartNothing() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            let body = #"{"users":["alice"]}"#
            var wrong = Signing.dirsync(body, secret: "not-the-secret")
            #expect(try await post(body, wrong, client).status == .unauthorized)
            #expect(try await post(body, [:], client).status == .unauthorized)
            #expect(try await post(body, Signing.dirsync(body, at: Date().addingTimeInterval(-400)), client).status == .unauthorized)
            #expect(try await post(body, Signing.dirsync(body, at: Date().addingTimeInterval(400)), client).status == .unauthorized)
            wrong = Signing.standard(body, id: "msg_x", whsec: "whsec_c2VjcmV0")
            #expect(try await post(body, wrong, client).status == .unauthorized)
            #expect(try await post(body, Signing.standard(body, id: "m", at: Date().addingTimeInterval(-400)), client).status == .unauthorized)
            #expect(try await post(body, Signing.standard(body, id: "m", at: Date().addingTimeInterval(400)), client).status == .unauthorized)
            // Signed, then tampered.
            #expect(try await post(#"{"users":["mallory"]}"#, Signing.dirsync(body), client).status == .unauthorized)
            let huge = String(repeating: "x", count: (1 << 20) + 1)
            #expect(try await post(huge, Signing.dirsync(huge), client).status == .contentTooLarge)
            #expect(try await runCount(client) == 0)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"dirsync_webhook_deliveries_total{verdict="unauthorized"} 8"#))
            #expect(metrics.contains(#"dirsync_webhook_deliveries_total{verdict="too_large"} 1"#))
        }
    }

    @Test func aReplayedWebhookIdIsADuplicateAndStartsNothing() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            let headers = Signing.standard("{}", id: "msg_replayed")
            let first = try await post("{}", headers, client)
            #expect(first.status == .accepted)
            _ = try await finishedRun(try #require(try json(first)["run"] as? Int), client)
            let again = try await post("{}", headers, client)
            #expect(again.status == .ok)
            #expect(try json(again)["duplicate"] as? Bool == true)
            #expect(try await runCount(client) == 1)
        }
    }

    @Test func aUsersBodyLimitsTheSyncToThosePeople() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            let body = #"{"users": ["alice", "carol@example.com"]}"#
            let accepted = try await post(body, Signing.dirsync(body), client)
            let run = try await finishedRun(try #require(try json(accepted)["run"] as? Int), client)
            #expect(run["status"] as? String == "succeeded")
            #expect((run["summary"] as? [String: Any])?["create"] as? Int == 2)
        }
    }

    @Test func aBurstOfFiftyWebhooksMakesAtMostTwoRuns() async throws {
        let fixture = try ServerFixture()
        let daemon = try fixture.daemon(lockWait: .seconds(30))
        // Held (as by a CLI sync) while the burst arrives, so the first run is still in flight.
        let cliSync = try StateLock.acquire(statePath: fixture.statePath)
        try await buildApplication(daemon).test(.router) { client in
            let ids = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<50 {
                    group.addTask { try json(try await post("", Signing.dirsync(""), client))["run"] as? Int }
                }
                var ids = Set<Int>()
                for try await id in group { if let id { ids.insert(id) } }
                return ids
            }
            cliSync.release()
            #expect(ids.count == 2)
            for id in ids { #expect(try await finishedRun(id, client)["status"] as? String == "succeeded") }
            #expect(try await runCount(client) == 2)
        }
    }

    @Test func theAPIWantsTheBearerToken() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            for uri in ["/v1/runs", "/v1/runs/1", "/v1/plan", "/v1/status"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized)
                #expect(try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            }
            let plan = try await client.execute(uri: "/v1/plan", method: .get, headers: Signing.bearer)
            #expect(plan.status == .ok)
            #expect((try json(plan)["summary"] as? [String: Any])?["create"] as? Int == 7)
            #expect(try await client.execute(uri: "/v1/runs/42", method: .get, headers: Signing.bearer).status == .notFound)
        }
    }

    @Test func readinessFailsAfterAFailedSync() async throws {
        let fixture = try ServerFixture()
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            try FileManager.default.removeItem(at: fixture.dir.appendingPathComponent("directory.ldif"))
            let accepted = try await post("", Signing.dirsync(""), client)
            let run = try await finishedRun(try #require(try json(accepted)["run"] as? Int), client)
            #expect(run["status"] as? String == "failed")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func aRunThatCannotTakeTheLockIsLocked() async throws {
        let fixture = try ServerFixture()
        let daemon = try fixture.daemon(lockWait: .milliseconds(200))
        let held = try StateLock.acquire(statePath: fixture.statePath)
        defer { held.release() }
        try await buildApplication(daemon).test(.router) { client in
            let accepted = try await post("", Signing.dirsync(""), client)
            let run = try await finishedRun(try #require(try json(accepted)["run"] as? Int), client)
            #expect(run["status"] as? String == "locked")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
        }
    }

    @Test func runsLeftQueuedByAStoppedDaemonAreInterruptedAtStart() async throws {
        let fixture = try ServerFixture()
        let earlier = try StateStore(path: fixture.statePath)
        let orphan = try earlier.queueRun(trigger: "webhook", queuedAt: Date())
        try await buildApplication(try fixture.daemon()).test(.router) { client in
            let run = try json(try await client.execute(uri: "/v1/runs/\(orphan)", method: .get, headers: Signing.bearer))
            #expect(run["status"] as? String == "interrupted")
        }
    }
}
