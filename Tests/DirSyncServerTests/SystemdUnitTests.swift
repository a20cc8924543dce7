import DirSyncTestSupport
import Foundation
import Testing

/// The shipped units pass `systemd-analyze verify` without a word and the daemon's unit
/// rates 2.0 or lower in `systemd-analyze security` (FIELD-NOTES: both work without systemd
/// as PID 1; verify only warns, so any output is a failure; ExecStart must exist).
@Suite struct SystemdUnitTests {
    static let units = ["dirsync.service", "dirsync-sync.service", "dirsync-sync.timer"]

    /// The units copied to a temp folder with ExecStart pointing at the built binary.
    func installedCopy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let binary = try LiveBinary.path()
        for unit in Self.units {
            let text = try String(
                contentsOf: Repository.root.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
            #expect(unit.hasSuffix(".timer") || text.contains("ExecStart=/usr/local/bin/dirsync "))
            try text.replacingOccurrences(of: "/usr/local/bin/dirsync", with: binary)
                .write(to: dir.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func unitsVerifyWithoutOutput() throws {
        let dir = try installedCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try LiveBinary.run("/usr/bin/systemd-analyze", ["verify"] + Self.units, in: dir)
        #expect(result.status == 0)
        #expect(result.output == "", "systemd-analyze verify said: \(result.output)")
    }

    @Test func theDaemonUnitRatesTwoOrLower() throws {
        let dir = try installedCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try LiveBinary.run("/usr/bin/systemd-analyze", ["security", "--offline=true", "dirsync.service"], in: dir)
        let line = try #require(result.output.split(separator: "\n").first { $0.contains("Overall exposure level") })
        let score = try #require(line.split(separator: ":").last.flatMap { Double($0.split(separator: " ").first ?? "") })
        #expect(score <= 2.0, "\(line)")
    }

    @Test func theDaemonUnitIsANotifyServiceReloadedBySIGHUP() throws {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("systemd/dirsync.service"), encoding: .utf8)
        for line in [
            "Type=notify", "ExecStart=/usr/local/bin/dirsync serve --config /etc/dirsync/dirsync.yaml",
            "ExecReload=/bin/kill -HUP $MAINPID", "StateDirectory=dirsync", "DynamicUser=yes", "CapabilityBoundingSet=",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service",
        ] {
            #expect(text.split(separator: "\n").contains(Substring(line)), "\(line)")
        }
        let timer = try String(contentsOf: Repository.root.appendingPathComponent("systemd/dirsync-sync.timer"), encoding: .utf8)
        #expect(timer.contains("Persistent=true"))
        #expect(timer.contains("RandomizedDelaySec="))
    }
}
