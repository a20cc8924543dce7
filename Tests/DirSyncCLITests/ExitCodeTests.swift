import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The exit codes of contract section 5, one failure class each, from the real binary.
@Suite struct ExitCodeTests {
    @Test func successfulSyncExitsZeroAndCreatesTheAccounts() throws {
        let workspace = try Workspace()
        let sync = try workspace.run(["sync"])
        #expect(sync.status == 0, "stderr: \(sync.stderr)")
        let plan = try workspace.run(["plan"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("No changes."))
    }

    @Test func dryRunExitsZeroAndAppliesNothing() throws {
        let workspace = try Workspace()
        let dryRun = try workspace.run(["sync", "--dry-run"])
        #expect(dryRun.status == 0, "stderr: \(dryRun.stderr)")
        #expect(try workspace.run(["accounts", "--format", "json"]).stdout == "[\n\n]\n")
        #expect(try workspace.run(["history", "--format", "json"]).stdout == "[\n\n]\n")
    }

    @Test func invalidConfigExitsOneWithFileLineColumn() throws {
        let workspace = try Workspace(config: Workspace.config.replacingOccurrences(of: "match_by:", with: "matchby:"))
        let result = try workspace.run(["plan"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(workspace.configPath):4:1:"), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath))
    }

    @Test(arguments: [
        ["plan", "--format", "xml"],
        ["history", "--limit", "0"],
        ["no-such-command"],
        ["sync", "--no-such-flag"],
    ])
    func invalidCommandLineExitsOne(arguments: [String]) throws {
        let workspace = try Workspace()
        let result = try workspace.run(arguments)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(!result.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath))
    }

    @Test func unreadableSourceExitsTwoAndChangesNoAccount() throws {
        let port = try closedPort()
        let config = Workspace.config.replacingOccurrences(of: """
                type: ldif
                path: ./directory.ldif
            """, with: """
                type: ldap
                url: ldap://127.0.0.1:\(port)
                timeout: 5s
            """)
        let workspace = try Workspace(config: config)
        let result = try workspace.run(["sync"])
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("127.0.0.1:\(port)"))
        #expect(result.stderr.contains("Nothing was changed."))
        // No account is written; the run itself is on the record as failed, with no operation.
        let accounts = try workspace.run(["accounts", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [Any])?.isEmpty == true)
        let history = try workspace.run(["history", "--format", "json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 1)
        #expect((runs.first?["run"] as? [String: Any])?["status"] as? String == "failed")
        #expect((runs.first?["operations"] as? [Any])?.isEmpty == true)
    }

    @Test func safetyGuardRefusalExitsThreeAndChangesNothing() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["sync"]).status == 0)
        // bob and carol leave: two deactivations against max_deactivations: 1.
        try workspace.setDirectory([Workspace.alice])
        let refused = try workspace.run(["sync"])
        #expect(refused.status == 3, "stderr: \(refused.stderr)")
        let accounts = try workspace.run(["accounts", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [[String: Any]])
        #expect(list.allSatisfy { $0["status"] as? String == "active" })
        #expect(list.count == 3)
    }

    @Test func heldLockExitsFiveAndWritesNothing() throws {
        let workspace = try Workspace()
        let fd = open(workspace.statePath + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        // This test process is "another sync": it holds the lock the child needs.
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let result = try workspace.run(["sync"])
        #expect(result.status == 5, "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.statePath))
    }

    /// The target refuses one operation (a trigger in the embedded store rejects bob's row):
    /// the others apply, the failure is recorded, and the sync exits 4.
    @Test func partialApplyExitsFourAndRecordsTheFailure() throws {
        let workspace = try Workspace(people: [Workspace.alice])
        #expect(try workspace.run(["sync"]).status == 0)
        try sqlite(workspace.statePath, """
            CREATE TRIGGER refuse_bob BEFORE INSERT ON accounts WHEN NEW.username = 'bob'
            BEGIN SELECT RAISE(ABORT, 'bob is refused by this test'); END;
            """)
        try workspace.setDirectory([Workspace.alice, Workspace.bob, Workspace.carol])
        let partial = try workspace.run(["sync"])
        #expect(partial.status == 4, "stderr: \(partial.stderr)")
        let accounts = try workspace.run(["accounts", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(accounts.stdout.utf8)) as? [[String: Any]])
        #expect(Set(list.compactMap { $0["username"] as? String }) == ["alice", "carol"])
        let history = try workspace.run(["history", "--format", "json", "--limit", "1"])
        #expect(history.stdout.contains("bob is refused by this test"))
    }

    /// A port on 127.0.0.1 that nothing listens on: bound, read back, closed.
    private func closedPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        try #require(bound)
        return UInt16(bigEndian: address.sin_port)
    }

    private func sqlite(_ database: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, sql]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }
}
