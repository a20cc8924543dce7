import DirSyncCore
import DirSyncEngine
import DirSyncStore
import DirSyncTestSupport
import Foundation
import Logging

/// A real slapd loaded with a small, awkward directory, plus a config folder pointing at it:
/// what every end-to-end engine test starts from.
final class EngineFixture: @unchecked Sendable {
    let slapd: SlapdServer
    let dir: URL
    var configPath: String { dir.appendingPathComponent("dirsync.yaml").path }
    var statePath: String { dir.appendingPathComponent("dirsync.sqlite").path }

    init(fillers: Int = 20, deleteAfter: String = "30d", safety: String = "") throws {
        slapd = try SlapdServer.start(ldif: EngineFixture.directory(fillers: fillers))
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("mappings"), withIntermediateDirectories: true)
        try slapd.bindPassword.write(to: dir.appendingPathComponent("ldap-password"), atomically: true, encoding: .utf8)
        try writeConfig(deleteAfter: deleteAfter, safety: safety)
        try EngineFixture.mapping.write(to: dir.appendingPathComponent("mappings/10-main.yaml"), atomically: true, encoding: .utf8)
    }

    deinit {
        slapd.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// `displayName` names the attribute display names come from (cn when nil); `lifecycle`
    /// adds lines under `lifecycle:` (indented by two spaces).
    func writeConfig(deleteAfter: String, safety: String = "", displayName: String? = nil, lifecycle: String = "") throws {
        let config = """
            version: 1
            state: ./dirsync.sqlite
            mappings: ./mappings
            match_by: email
            sources:
              - name: corp
                type: ldap
                url: [ "ldap://127.0.0.1:1", "\(slapd.url)" ]
                bind_dn: \(slapd.bindDN)
                bind_password_file: ./ldap-password
                page_size: 200
                timeout: 10s
                users:
                  base: ou=people,dc=example,dc=com
                  filter: (objectClass=inetOrgPerson)
                  disabled: { attribute: nsAccountLock, equals: "TRUE" }
                  attributes: [departmentNumber, employeeType]\(displayName.map { "\n      display_name: \($0)" } ?? "")
                groups:
                  base: ou=groups,dc=example,dc=com
                  filter: (objectClass=groupOfNames)
                  member: member
                  nested: true
            lifecycle:
              delete_after: \(deleteAfter)\(lifecycle.isEmpty ? "" : "\n  " + lifecycle)
            \(safety)
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func workspace(mapping: String? = nil) throws -> Workspace {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return try Workspace.load(configPath: configPath, mappingOverride: mapping, logger: logger)
    }

    func plan() async throws -> Plan {
        try await workspace().plan().1.plan
    }

    @discardableResult
    func sync(_ request: SyncRequest = SyncRequest()) async throws -> SyncOutcome {
        try await SyncRunner(workspace: workspace()).run(request)
    }

    /// The accounts as `dirsync accounts` lists them, read straight from the state database
    /// (read-only), so that a test can look between two steps without an await.
    func accounts() throws -> [AccountView] {
        guard FileManager.default.fileExists(atPath: statePath) else { return [] }
        let store = try StateStore.openReadOnly(path: statePath)
        let managed = Set(try store.readLedger().map(\.accountKey))
        return try store.readAccounts().map { AccountView(account: $0, managed: managed.contains($0.key), showsKey: false) }
    }

    /// Locks (`nsAccountLock: TRUE`) or unlocks a person in the directory.
    func lock(_ uid: String, _ locked: Bool = true) throws {
        try slapd.modify(ldif: """
            dn: \(EngineFixture.dn(uid))
            changetype: modify
            \(locked ? "add" : "delete"): nsAccountLock
            \(locked ? "nsAccountLock: TRUE\n" : "")-

            """)
    }

    static let mapping = """
        version: 1
        scope: mapped
        roles:
          admin: { includes: [editor] }
          editor: { includes: [viewer], tags: [COUNTRY_US] }
          viewer: {}
          staff: {}
        defaults:
          roles: [viewer]
        domains:
          - domain: example.com
        rules:
          - name: admins
            when: { group: asm-admins }
            roles: [admin]
          - name: staff
            when: { group: staff }
            roles: [staff]
          - name: fillers
            when: { group: group0000 }
            roles: [viewer]
          - name: project rw
            when: { group: "/^proj-(?<project>[a-z0-9]+)-rw$/" }
            projects: { "${project}": all }
          - name: project ro
            when: { group: "/^proj-(?<project>[a-z0-9]+)-ro$/" }
            projects: { "${project}": read-only }
        exclude:
          - username: "svc-*"
        """

    static func person(_ uid: String, cn: String, mail: String?, locked: Bool = false, rdn: String? = nil) -> String {
        var entry = "dn: \(rdn ?? "uid=\(uid)"),ou=people,dc=example,dc=com\n"
        entry += "objectClass: inetOrgPerson\nobjectClass: dirsyncTestAccount\n"
        entry += "uid: \(uid)\ncn: \(cn)\nsn: \(uid)\n"
        if let mail { entry += "mail: \(mail)\n" }
        if locked { entry += "nsAccountLock: TRUE\n" }
        return entry + "\n"
    }

    static func group(_ cn: String, members: [String]) -> String {
        var entry = "dn: cn=\(cn),ou=groups,dc=example,dc=com\nobjectClass: groupOfNames\ncn: \(cn)\n"
        for m in members { entry += "member: \(m)\n" }
        return entry + "\n"
    }

    static func dn(_ uid: String) -> String { "uid=\(uid),ou=people,dc=example,dc=com" }

    static func directory(fillers: Int) -> String {
        var ldif = ""
        ldif += person("alice", cn: "Alice Liddell", mail: "alice@example.com")
        ldif += person("bob", cn: "Bob Builder", mail: "bob@example.com")
        ldif += person("carol", cn: "Carol Danvers", mail: "carol@example.com")
        ldif += person("dave", cn: "Dave Lister", mail: "dave@example.com")
        ldif += person("erin", cn: "Erin Brockovich", mail: "erin@example.com")
        ldif += person("frank", cn: "Frank Smith", mail: "Frank.Smith@Example.COM")
        ldif += person("zoe", cn: "Zoë Ångström", mail: "zoe@example.com")
        ldif += person("lena", cn: "Lena Locked", mail: "lena@example.com", locked: true)
        ldif += person("svc-backup", cn: "Backup Service", mail: "svc-backup@example.com")
        ldif += person("olga", cn: "Olga Outside", mail: "olga@other.org")
        ldif += person("nomail", cn: "No Mail", mail: nil)
        ldif += person("pbrien", cn: "Brien, Pat", mail: "pat.brien@example.com", rdn: "cn=Brien\\, Pat")
        let escapedPat = "cn=Brien\\2C Pat,ou=people,dc=example,dc=com"
        for i in 0..<fillers {
            ldif += person(String(format: "user%04d", i), cn: "User \(i)", mail: String(format: "user%04d@example.com", i))
        }
        ldif += group("engineering", members: [dn("zoe")])
        ldif += group(
            "staff",
            members: ["carol", "dave", "erin", "frank", "lena", "svc-backup", "olga", "nomail"].map(dn)
                + [escapedPat, "cn=engineering,ou=groups,dc=example,dc=com", "uid=ghost,ou=people,dc=example,dc=com"]
        )
        ldif += group("asm-admins", members: [dn("alice")])
        ldif += group("proj-apollo-rw", members: [dn("alice"), dn("bob")])
        ldif += group("proj-apollo-ro", members: [dn("alice")])
        ldif += group("group0000", members: fillers > 0 ? (0..<fillers).map { dn(String(format: "user%04d", $0)) } : [dn("alice")])
        return ldif
    }
}
