import DirSyncCore
import DirSyncEngine
import DirSyncTestSupport
import Foundation
import Testing

/// Directory text that tries to take over the operator's terminal, through the real
/// `dirsync` binary against a real slapd: every human-readable output shows it escaped,
/// the JSON plan carries it exactly.
@Suite(.serialized)
struct HostileTextTests {
    /// Retitles the terminal (OSC 0 … BEL), then forges a plan line.
    static let displayName = "Eve \u{1B}]0;pwned\u{07}\nx delete alice"
    static let displayNameShown = #"Eve \x1b]0;pwned\x07\nx delete alice"#
    /// A username that clears the screen.
    static let username = "tru\u{1B}[2Jdy"
    static let usernameShown = #"tru\x1b[2Jdy"#
    /// A DN (and username) without an email: planning warns about it, naming the DN
    /// (slapd refuses a BEL in a DN, not an ESC).
    static let mailless = "mal\u{1B}[31mlory"
    static let maillessShown = #"mal\x1b[31mlory"#

    @Test func planExplainLogsAccountsAndHistoryShowDirectoryTextEscaped() async throws {
        let fixture = try EngineFixture(fillers: 0)
        let staff = "cn=staff,ou=groups,dc=example,dc=com"
        try fixture.slapd.add(ldif: Self.entry(uid: "eve", cn: "Eve", mail: "eve@example.com")
            + Self.entry(uid: Self.username, cn: "Trudy", mail: "trudy@example.com"))
        try fixture.slapd.modify(ldif: """
            dn: \(staff)
            changetype: modify
            add: member
            member: \(EngineFixture.dn("eve"))
            member: \(EngineFixture.dn(Self.username))
            -

            """)
        try await fixture.sync()

        // Eve edits her display name; an entry without mail and with a hostile DN appears.
        try fixture.slapd.modify(ldif: """
            dn: \(EngineFixture.dn("eve"))
            changetype: modify
            replace: cn
            cn:: \(Self.base64(Self.displayName))
            -

            """)
        try fixture.slapd.add(ldif: Self.entry(uid: Self.mailless, cn: "Mallory", mail: nil))

        let plan = try DirSyncExecutable.run(["plan", "--config", fixture.configPath])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("~ update eve\n    display name: Eve -> \(Self.displayNameShown)\n"))
        // The warning about the entry without email names its DN and username, escaped, in
        // the table and in the log.
        let dnShown = "uid=\(Self.maillessShown),ou=people,dc=example,dc=com"
        let warning = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("warning: ") && $0.contains(dnShown) }
        #expect(warning.count == 1)
        #expect(warning.first?.contains("'\(Self.maillessShown)'") == true)
        #expect(plan.stderr.split(separator: "\n").contains { $0.contains(" warning ") && $0.contains(dnShown) })
        for output in [plan.stdout, plan.stderr] { Self.expectNoControls(output) }

        // JSON carries the exact value.
        let json = try DirSyncExecutable.run(["plan", "--config", fixture.configPath, "--format", "json"])
        let saved = try PlanJSON.decode(Data(json.stdout.utf8))
        #expect(saved.operations.first { $0.username == "eve" }?.displayName == Self.displayName)
        #expect(saved.warnings.contains { $0.contains("uid=\(Self.mailless),ou=people") })

        let explain = try DirSyncExecutable.run(["explain", "eve", "--config", fixture.configPath])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("\n    display name: \(Self.displayNameShown)\n"))
        #expect(explain.stdout.contains("\n    display name: Eve -> \(Self.displayNameShown)\n"))
        #expect(!explain.stdout.contains("\nx delete alice"))
        Self.expectNoControls(explain.stdout)
        Self.expectNoControls(explain.stderr)

        let sync = try DirSyncExecutable.run(["sync", "--config", fixture.configPath])
        #expect(sync.status == 0)
        #expect(sync.stdout.contains("    display name: Eve -> \(Self.displayNameShown)\n"))
        Self.expectNoControls(sync.stdout)
        Self.expectNoControls(sync.stderr)
        #expect(try fixture.accounts().first { $0.username == "eve" }?.displayName == Self.displayName)

        let accounts = try DirSyncExecutable.run(["accounts", "--config", fixture.configPath])
        #expect(accounts.stdout.split(separator: "\n").contains { $0.hasPrefix("\(Self.usernameShown)  trudy@example.com") })
        Self.expectNoControls(accounts.stdout)
        let accountsJSON = try DirSyncExecutable.run(["accounts", "--config", fixture.configPath, "--format", "json"])
        #expect(accountsJSON.stdout.contains(#""username" : "tru\u001b[2Jdy""#) || accountsJSON.stdout.contains(#""username":"tru\u001b[2Jdy""#))

        let history = try DirSyncExecutable.run(["history", "--config", fixture.configPath])
        #expect(history.stdout.contains("  create \(Self.usernameShown) applied"))
        Self.expectNoControls(history.stdout)
    }

    /// Only line breaks of the output's own: no ESC, BEL, CR, DEL or C1 control.
    static func expectNoControls(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let controls = text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || ($0.value >= 0x7F && $0.value < 0xA0)
        }
        #expect(controls.isEmpty, "control characters \(controls.map { $0.value })", sourceLocation: sourceLocation)
    }

    static func entry(uid: String, cn: String, mail: String?) -> String {
        var entry = "dn:: \(base64("uid=\(uid),ou=people,dc=example,dc=com"))\n"
        entry += "objectClass: inetOrgPerson\nobjectClass: dirsyncTestAccount\n"
        entry += "uid:: \(base64(uid))\ncn: \(cn)\nsn: \(cn)\n"
        if let mail { entry += "mail: \(mail)\n" }
        return entry + "\n"
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
