import DirSyncStore
import DirSyncTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The real binary as an operator runs it: `dirsync serve` against a real slapd, with
/// `NOTIFY_SOCKET` and `WATCHDOG_USEC` set, over real HTTP, stopped by real signals.
@Suite(.serialized) struct LiveServeTests {
    /// A daemon over a slapd of `users` synthetic people, every one in scope.
    final class Live: @unchecked Sendable {
        let slapd: SlapdServer
        let fixture: ServerFixture
        let notify: NotifyListener
        let daemon: DaemonProcess
        let base: String

        /// `target`: top-level config lines (a `target:` block); `environment`: extra
        /// variables for the daemon.
        init(users: Int, watchdogUsec: Int = 200_000, target: String = "", environment: [String: String] = [:]) async throws {
            slapd = try SlapdServer.start(ldif: SyntheticDirectory.ldif(users: users, groups: 2))
            let port = try SlapdServer.freePort()
            let source = """
                  - name: corp
                    type: ldap
                    url: \(slapd.url)
                    bind_dn: \(slapd.bindDN)
                    bind_password_file: ./ldap-password
                    users: { base: "ou=people,dc=example,dc=com", filter: "(objectClass=inetOrgPerson)" }
                    groups: { base: "ou=groups,dc=example,dc=com", filter: "(objectClass=groupOfNames)", member: member }
                """
            fixture = try ServerFixture(source: source)
            try fixture.write("ldap-password", slapd.bindPassword)
            try fixture.write("mappings/quickstart.yaml", "version: 1\nscope: all\n")
            let config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
            try fixture.write(
                "dirsync.yaml", config.replacingOccurrences(of: "127.0.0.1:0", with: "127.0.0.1:\(port)") + target)
            base = "http://127.0.0.1:\(port)"
            notify = try NotifyListener(in: fixture.dir)
            daemon = try DaemonProcess(
                binary: try LiveBinary.path(), arguments: ["serve", "--config", fixture.configPath, "--lock-wait", "2s"],
                environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "\(watchdogUsec)"].merging(environment) { _, extra in extra },
                logPath: fixture.dir.appendingPathComponent("serve.log").path)
            try await until("the daemon reports READY=1") { self.notify.received.contains("READY=1") }
        }

        deinit {
            notify.close()
            slapd.stop()
        }

        /// The newest run as `dirsync history --format json` shows it.
        func lastRun() throws -> [String: Any]? {
            let runs = try LiveBinary.run(try LiveBinary.path(), ["history", "--format", "json", "--config", fixture.configPath])
            let history = try JSONSerialization.jsonObject(with: Data(runs.output.utf8)) as? [[String: Any]] ?? []
            return history.first?["run"] as? [String: Any]
        }

        func until(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + timeout
            while true {
                // Read before the check: a poller starved past its deadline (a loaded machine)
                // still looks once more before it gives up.
                let expired = ContinuousClock.now >= deadline
                if try await condition() { return }
                if let status = daemon.status {
                    throw LiveBinary.Failure(description: "dirsync serve exited \(status) waiting for \(what):\n\(daemon.log)")
                }
                if expired { throw LiveBinary.Failure(description: "timed out waiting for \(what); log:\n\(daemon.log)") }
                try await Task.sleep(for: .milliseconds(25))
            }
        }

        func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws
            -> (status: Int, json: [String: Any], text: String)
        {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            request.httpBody = body.map { Data($0.utf8) }
            let (data, response) = try await URLSession.shared.data(for: request)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, json, String(decoding: data, as: UTF8.self))
        }

        var bearer: [String: String] { ["Authorization": "Bearer \(ServerFixture.apiToken)"] }

        func runs() async throws -> [[String: Any]] {
            try await request("GET", "/v1/runs", headers: bearer).json["runs"] as? [[String: Any]] ?? []
        }

        func finished(_ id: Int) async throws -> [String: Any] {
            var run: [String: Any] = [:]
            try await until("run \(id) to finish") {
                run = try await self.request("GET", "/v1/runs/\(id)", headers: self.bearer).json
                return !["queued", "running", nil].contains(run["status"] as? String)
            }
            return run
        }

        /// Headers signed by the Standard Webhooks reference library (`standardwebhooks`).
        func standardHeaders(id: String, body: String, offset: Int = 0) throws -> [String: String] {
            let script = """
                import sys, datetime
                from standardwebhooks import Webhook
                ts = datetime.datetime.fromtimestamp(int(sys.argv[2]), tz=datetime.timezone.utc)
                print(Webhook(sys.argv[1]).sign(sys.argv[3], ts, sys.stdin.read()))
                """
            let timestamp = Int(Date().timeIntervalSince1970) + offset
            let result = try LiveBinary.run(
                try LiveBinary.python(), ["-c", script, ServerFixture.whsec, "\(timestamp)", id], input: body)
            guard result.status == 0 else { throw LiveBinary.Failure(description: result.output) }
            return [
                "webhook-id": id, "webhook-timestamp": "\(timestamp)",
                "webhook-signature": result.output.trimmingCharacters(in: .whitespacesAndNewlines),
            ]
        }

        func dirsyncHeaders(body: String, offset: TimeInterval = 0, secret: String = ServerFixture.dirsyncSecret) -> [String: String] {
            let fields = Signing.dirsync(body, secret: secret, at: Date().addingTimeInterval(offset))
            return Dictionary(uniqueKeysWithValues: fields.map { ($0.name.rawName, $0.value) })
        }
    }

    @Test func anOperatorsDaemonSyncsOnSignedWebhooksAndStopsCleanly() async throws {
        let live = try await Live(users: 30)
        try await live.until("a watchdog ping") { live.notify.received.contains("WATCHDOG=1") }
        #expect(try await live.request("GET", "/healthz").status == 200)
        #expect(try await live.request("GET", "/readyz").status == 200)
        let status = try await live.request("GET", "/v1/status", headers: live.bearer).json
        let nextRun = try #require(status["next_scheduled_run"] as? String)
        #expect(try #require(ISO8601DateFormatter().date(from: nextRun)) > Date())

        let standard = try await live.request("POST", "/v1/sync", headers: try live.standardHeaders(id: "msg_live_1", body: "{}"), body: "{}")
        #expect(standard.status == 202, "\(standard.text)")
        let first = try await live.finished(try #require(standard.json["run"] as? Int))
        #expect(first["status"] as? String == "succeeded")
        #expect((first["summary"] as? [String: Any])?["create"] as? Int == 30)

        try live.slapd.add(ldif: SyntheticDirectory.ldif(users: 31, groups: 0).components(separatedBy: "\n\n")[30] + "\n")
        let own = try await live.request("POST", "/v1/sync", headers: live.dirsyncHeaders(body: ""), body: "")
        #expect(own.status == 202)
        let second = try await live.finished(try #require(own.json["run"] as? Int))
        #expect(second["status"] as? String == "succeeded")
        #expect((second["summary"] as? [String: Any])?["create"] as? Int == 1)

        // Wrong, stale, future, tampered and replayed deliveries start nothing.
        let body = #"{"users":["user000001"]}"#
        let refused: [[String: String]] = [
            [:], live.dirsyncHeaders(body: body, secret: "wrong"), live.dirsyncHeaders(body: body, offset: -330),
            live.dirsyncHeaders(body: body, offset: 330), live.dirsyncHeaders(body: "{}"),
            try live.standardHeaders(id: "msg_old", body: body, offset: -330),
            try live.standardHeaders(id: "msg_new", body: body, offset: 330),
            try live.standardHeaders(id: "msg_tampered", body: "{}"),
        ]
        for headers in refused {
            #expect(try await live.request("POST", "/v1/sync", headers: headers, body: body).status == 401)
        }
        let replay = try await live.request("POST", "/v1/sync", headers: try live.standardHeaders(id: "msg_live_1", body: "{}"), body: "{}")
        #expect(replay.status == 200)
        #expect(replay.json["duplicate"] as? Bool == true)
        #expect(try await live.runs().count == 2)

        let metrics = try await live.request("GET", "/metrics").text
        let parsed = try LiveBinary.run(
            try LiveBinary.python(),
            ["-c", "import sys\nfrom prometheus_client.parser import text_string_to_metric_families as p\n"
                + "print(' '.join(sorted(f.name for f in p(sys.stdin.read()))))"],
            input: metrics)
        #expect(parsed.status == 0, "\(parsed.output)")
        let families = parsed.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(families.allSatisfy { $0.hasPrefix("dirsync_") })
        #expect(families.contains("dirsync_runs") && families.contains("dirsync_webhook_deliveries"))
        #expect(metrics.contains(#"dirsync_runs_total{trigger="webhook",outcome="succeeded"} 2"#))
        #expect(metrics.contains(#"dirsync_webhook_deliveries_total{verdict="unauthorized"} 8"#))
        #expect(!metrics.contains("dirsync_next_scheduled_run_timestamp_seconds 0\n"))

        live.daemon.signal(SIGTERM)
        #expect(await live.daemon.waitForExit(timeout: .seconds(10)) == 0, "\(live.daemon.log)")
        // The watchdog pings until the very end, so under load a ping may follow STOPPING=1.
        let stopping = try #require(live.notify.received.firstIndex(of: "STOPPING=1"))
        #expect(live.notify.received[(stopping + 1)...].allSatisfy { $0 == "WATCHDOG=1" }, "\(live.notify.received)")
        let engineLines = live.daemon.log.split(separator: "\n").filter { $0.contains("[DirSyncEngine]") }
        #expect(!engineLines.isEmpty && engineLines.allSatisfy { $0.contains("run=") })
        #expect(!live.daemon.log.contains(ServerFixture.apiToken))
        #expect(!live.daemon.log.contains(ServerFixture.dirsyncSecret))
    }

    @Test func sigtermDuringASyncFinishesAndRecordsTheRun() async throws {
        let live = try await Live(users: 3000)
        // A frozen slapd holds the run in its read, so SIGTERM surely lands mid-sync; slapd
        // answers again only once the daemon has begun stopping.
        try live.slapd.pause()
        defer { live.slapd.resume() }
        let accepted = try await live.request("POST", "/v1/sync", headers: live.dirsyncHeaders(body: ""), body: "")
        let id = try #require(accepted.json["run"] as? Int)
        try await live.until("run \(id) to be running") {
            try await live.request("GET", "/v1/runs/\(id)", headers: live.bearer).json["status"] as? String == "running"
        }
        live.daemon.signal(SIGTERM)
        try await live.until("the daemon to report STOPPING=1") { live.notify.received.contains("STOPPING=1") }
        live.slapd.resume()
        #expect(await live.daemon.waitForExit(timeout: .seconds(10)) == 0, "\(live.daemon.log)")
        let run = try #require(try live.lastRun())
        #expect(run["id"] as? Int == id)
        #expect(run["status"] as? String == "succeeded")
        #expect((run["summary"] as? [String: Any])?["create"] as? Int == 3000)
    }

    /// Into a SCIM application, SIGTERM stops the apply after the chunk in flight: that
    /// chunk is recorded, the run is `interrupted`, and the next sync applies the rest.
    @Test func sigtermDuringAnSCIMApplyStopsAfterTheChunkInFlight() async throws {
        let scim = try SCIMServer.start()
        defer { scim.stop() }
        let target = "\ntarget:\n  type: scim\n  url: \(scim.baseURL)\n  token_file: \(scim.tokenFile)\n"
        let live = try await Live(users: 3000, target: target, environment: ["DIRSYNC_APPLY_CHUNK": "25"])
        let accepted = try await live.request("POST", "/v1/sync", headers: live.dirsyncHeaders(body: ""), body: "")
        let id = try #require(accepted.json["run"] as? Int)
        try await live.until("the application to receive writes") { scim.writeRequestCount() >= 5 }
        live.daemon.signal(SIGTERM)
        #expect(await live.daemon.waitForExit(timeout: .seconds(20)) == 0, "\(live.daemon.log)")
        let run = try #require(try live.lastRun())
        #expect(run["id"] as? Int == id)
        #expect(run["status"] as? String == "interrupted")
        let created = try #require((run["summary"] as? [String: Any])?["create"] as? Int)
        #expect(created > 0 && created < 3000 && created % 25 == 0)
        #expect(try scim.all("Users").count == created)

        let resumed = try LiveBinary.run(try LiveBinary.path(), ["sync", "--config", live.fixture.configPath])
        #expect(resumed.status == 0, "\(resumed.output)")
        let users = try scim.all("Users").compactMap { $0["userName"] as? String }
        #expect(users.count == 3000 && Set(users).count == 3000)
    }

    @Test func aBurstOfFiftyWebhooksMakesAtMostTwoRuns() async throws {
        let live = try await Live(users: 300)
        // Held by "a CLI sync" while the burst arrives, so the first run is still in flight
        // (waiting for the lock) when the last delivery is answered.
        let cliSync = try StateLock.acquire(statePath: live.fixture.statePath)
        let ids = try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await live.request("POST", "/v1/sync", headers: live.dirsyncHeaders(body: ""), body: "").json["run"] as? Int
                }
            }
            var ids = Set<Int>()
            for try await id in group { if let id { ids.insert(id) } }
            return ids
        }
        cliSync.release()
        #expect(ids.count == 2)
        for id in ids { #expect(try await live.finished(id)["status"] as? String == "succeeded") }
        #expect(try await live.runs().count == 2)
        live.daemon.signal(SIGTERM)
        #expect(await live.daemon.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func sighupReloadsTheConfigAndKeepsTheOldOneWhenTheNewIsInvalid() async throws {
        let live = try await Live(users: 5)
        let config = try String(contentsOfFile: live.fixture.configPath, encoding: .utf8)
        try live.fixture.write("dirsync.yaml", config + "  schedule: \"0 25 * * *\"\n")
        live.daemon.signal(SIGHUP)
        try await live.until("the reload to be refused") { live.daemon.log.contains("reload refused, old config kept") }
        #expect(live.daemon.log.contains("hour field '25'"))
        #expect(try await live.request("GET", "/v1/runs", headers: live.bearer).status == 200)

        try live.fixture.write("dirsync.yaml", config)
        try live.fixture.write("api-token", "a-new-token\n")
        live.daemon.signal(SIGHUP)
        try await live.until("the reload") { live.daemon.log.contains("the next run uses it") }
        #expect(try await live.request("GET", "/v1/runs", headers: live.bearer).status == 401)
        #expect(try await live.request("GET", "/v1/runs", headers: ["Authorization": "Bearer a-new-token"]).status == 200)
        #expect(!live.daemon.log.contains("a-new-token"))
        live.daemon.signal(SIGTERM)
        #expect(await live.daemon.waitForExit(timeout: .seconds(10)) == 0)
    }

    @Test func anInvalidConfigIsExitOneWithEveryProblem() throws {
        let fixture = try ServerFixture(server: "  schedule: \"0 25 * * *\"")
        try FileManager.default.removeItem(at: fixture.dir.appendingPathComponent("api-token"))
        let result = try LiveBinary.run(try LiveBinary.path(), ["serve", "--config", fixture.configPath])
        #expect(result.status == 1)
        #expect(result.output.contains("hour field '25'"), "\(result.output)")
        try fixture.writeConfig()
        let secrets = try LiveBinary.run(try LiveBinary.path(), ["serve", "--config", fixture.configPath])
        #expect(secrets.status == 1)
        #expect(secrets.output.contains("api_token_file"), "\(secrets.output)")
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try LiveBinary.run(try LiveBinary.path(), ["--version"])
        #expect(result.status == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
