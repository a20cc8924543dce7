import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@testable import DirSyncServer

/// The `server:` keys of the config file (contract section 1) and the daemon's secrets.
@Suite struct ServerSettingsTests {
    @Test func serverKeysAreReadWithPathsFromTheConfigFolder() throws {
        let fixture = try ServerFixture(server: "  schedule: \"*/15 8-18 * * mon-fri\"\n  random_delay: 10m")
        let settings = try ConfigLoader.loadSettings(path: fixture.configPath, environment: [:])
        #expect(settings.server.schedule == "*/15 8-18 * * mon-fri")
        #expect(settings.server.randomDelay == 600)
        #expect(settings.server.standardWebhookSecretFile == fixture.dir.appendingPathComponent("webhook-whsec").standardizedFileURL.path)
        #expect(settings.server.webhookSecretFile == fixture.dir.appendingPathComponent("webhook-secret").standardizedFileURL.path)
        #expect(ServerSettings().schedule == "0 2 * * *")
    }

    @Test func aBadScheduleOrDelayIsAProblemAtItsLine() throws {
        let fixture = try ServerFixture(server: "  schedule: \"0 2 * *\"\n  random_delay: soon")
        do {
            _ = try ConfigLoader.loadSettings(path: fixture.configPath, environment: [:])
            Issue.record("expected problems")
        } catch {
            let text = "\(error)"
            #expect(text.contains("dirsync.yaml:"))
            #expect(text.contains("schedule '0 2 * *' has 4 field(s)"), "\(text)")
            #expect(text.contains("random_delay 'soon' is not a duration"), "\(text)")
        }
    }

    @Test func secretsAreReadWithoutTheirNewlineAndEveryProblemIsNamed() throws {
        let fixture = try ServerFixture()
        let settings = try ConfigLoader.loadSettings(path: fixture.configPath, environment: [:])
        let secrets = try ServerSecrets.load(settings.server)
        #expect(secrets.webhooks.dirsync == Array(ServerFixture.dirsyncSecret.utf8))
        #expect(secrets.apiToken?.value == ServerFixture.apiToken)
        try fixture.write("webhook-whsec", "not-a-whsec!\n")
        try FileManager.default.removeItem(at: fixture.dir.appendingPathComponent("api-token"))
        #expect {
            try ServerSecrets.load(settings.server)
        } throws: { error in
            let text = "\(error)"
            return text.contains("standard_webhook_secret_file") && text.contains("api_token_file")
                && !text.contains("not-a-whsec")
        }
    }
}

/// When the scheduler starts the next sync.
@Suite struct ScheduleTests {
    @Test func theNextRunIsTheNextMatchPlusAtMostTheRandomDelay() throws {
        let fixture = try ServerFixture(server: "  schedule: \"0 2 * * *\"\n  random_delay: 10m")
        let daemon = try fixture.daemon()
        let service = ScheduleService(
            configs: daemon.configs, coordinator: daemon.coordinator, health: daemon.health, metrics: daemon.metrics,
            logger: ServerFixture.quietLogger)
        let now = Date()
        let match = try #require(try CronExpression("0 2 * * *").next(after: now, calendar: .current))
        for _ in 0..<20 {
            let next = try #require(service.nextRun(after: now))
            #expect(next >= match && next <= match.addingTimeInterval(600))
        }
    }

    /// A clock that jumps a week past each date the scheduler waits for (the machine slept
    /// through six nightly runs), and ends the scheduler on its second wait.
    final class SleepyClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date()
        private(set) var waits: [Date] = []

        var now: Date {
            lock.lock()
            defer { lock.unlock() }
            return current
        }

        func sleep(until date: Date) throws {
            lock.lock()
            defer { lock.unlock() }
            waits.append(date)
            if waits.count > 1 { throw CancellationError() }
            current = date.addingTimeInterval(7 * 86_400)
        }
    }

    @Test func aMissedNightIsOneRunNotABurst() async throws {
        let fixture = try ServerFixture()
        let daemon = try fixture.daemon()
        let clock = SleepyClock()
        var service = ScheduleService(
            configs: daemon.configs, coordinator: daemon.coordinator, health: daemon.health, metrics: daemon.metrics,
            logger: ServerFixture.quietLogger)
        service.now = { clock.now }
        service.sleepUntil = { try clock.sleep(until: $0) }
        try await service.run()
        await daemon.coordinator.stop()
        let runs = try daemon.configs.current.state.runs(limit: 10)
        #expect(runs.map(\.trigger) == ["schedule"])
        #expect(runs.first?.status == .succeeded)
        // The next wait is computed from the clock after the week, not from the missed night.
        #expect(clock.waits.count == 2)
        #expect(clock.waits[1] > clock.waits[0].addingTimeInterval(7 * 86_400))
        #expect(daemon.health.nextScheduledRun == clock.waits[1])
    }
}
