import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// A bind that reads less than it should or leaks its password, and configurations no
/// command supports yet, are refused by `validate` (and so by every command) before any
/// server is contacted.
@Suite struct SecurityValidationTests {
    func ldapSource(url: String, extra: String = "", password: Bool = true) -> String {
        """
        sources:
          - name: corp
            type: ldap
            url: \(url)
            bind_dn: cn=dirsync,dc=example,dc=com
        \(password ? "    bind_password_env: PW\n" : "")\(extra)    users: { base: "ou=people,dc=example,dc=com" }
        """
    }

    func load(_ dir: TempDir, _ text: String) throws -> (String, () throws -> DirSyncSettings) {
        let config = try dir.write("dirsync.yaml", text)
        return (config, { try ConfigLoader.loadSettings(path: config, environment: ["PW": "secret"]) })
    }

    @Test func bindDNWithoutPasswordIsRefusedUnlessAllowed() throws {
        let dir = try TempDir()
        let (config, refused) = try load(dir, ldapSource(url: "ldaps://ldap.example.com", password: false))
        #expect(problems(refused) == [
            "\(config):5:14: bind_dn has no password in source 'corp': the bind would be anonymous and may silently read "
                + "fewer people; set bind_password_file or bind_password_env, or set allow_plaintext_bind: true on source 'corp' "
                + "to accept the risk",
        ])
        let (_, allowed) = try load(dir, ldapSource(url: "ldaps://ldap.example.com", extra: "    allow_plaintext_bind: true\n", password: false))
        guard case .ldap(let ldap) = try allowed().sources[0].kind else { Issue.record("not ldap"); return }
        #expect(ldap.allowPlaintextBind)
        #expect(ldap.bindPassword == nil)
    }

    @Test func passwordOverPlainLDAPToAnotherHostIsRefusedForEveryURL() throws {
        let dir = try TempDir()
        let (config, refused) = try load(dir, ldapSource(url: "[ldaps://a.example.com, ldap://b.example.com:389, \"ldap://10.0.0.7/\", ldap://127.0.0.1:3890]"))
        let hint = "use ldaps:// or start_tls: true, or set allow_plaintext_bind: true on source 'corp' to accept the risk"
        #expect(problems(refused) == [
            "\(config):4:34: url 'ldap://b.example.com:389' would send the bind password unencrypted to a host that is not loopback; \(hint)",
            "\(config):4:60: url 'ldap://10.0.0.7/' would send the bind password unencrypted to a host that is not loopback; \(hint)",
        ])
        let (_, allowed) = try load(dir, ldapSource(url: "ldap://b.example.com", extra: "    allow_plaintext_bind: true\n"))
        guard case .ldap(let ldap) = try allowed().sources[0].kind else { Issue.record("not ldap"); return }
        #expect(ldap.allowPlaintextBind)
    }

    @Test func encryptedOrLoopbackBindsAreAccepted() throws {
        let dir = try TempDir()
        let urls = [
            "ldaps://ldap.example.com", "ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi", "ldap://127.0.0.1:3890/", "ldap://127.8.9.10",
            "ldap://localhost:389", "ldap://LOCALHOST", "\"ldap://[::1]:389\"",
        ]
        for url in urls {
            let (_, load) = try load(dir, ldapSource(url: url))
            guard case .ldap(let ldap) = try load().sources[0].kind else { Issue.record("not ldap: \(url)"); continue }
            #expect(!ldap.allowPlaintextBind)
        }
        let (_, startTLS) = try load(dir, ldapSource(url: "ldap://ldap.example.com", extra: "    start_tls: true\n"))
        _ = try startTLS()
        // Hosts that only look like loopback are judged as what they are.
        for url in ["ldap://127.0.0.1.example.com", "ldap://localhost.example.com", "ldap:///"] {
            let (_, load) = try load(dir, ldapSource(url: url))
            #expect(problems(load).count == 1, "\(url)")
        }
    }

    @Test func aSourceWithoutBindDNBindsAnonymouslyAsBefore() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource.replacingOccurrences(of: "ldap://127.0.0.1:3890", with: "ldap://ldap.example.com"))
        _ = try ConfigLoader.loadSettings(path: config, environment: [:])
    }

    @Test func scimSourcesAndTargetsAreRefusedUntilSupported() throws {
        let dir = try TempDir()
        try dir.write("token", "t\n")
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2
                token_file: token
            target:
              type: scim
              url: https://app.example.com/scim/v2
              token_file: token
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):3:11: source 'cloud': SCIM sources are coming but not supported yet; read this directory with type ldap, "
                + "or from an LDIF export with type ldif",
            "\(config):7:9: a SCIM target is coming but not supported yet; use type: store (the default, accounts in the state "
                + "database) for now",
        ])
    }

    @Test func maxAccessRemovalsIsParsedLikeItsSiblings() throws {
        let dir = try TempDir()
        let good = try dir.write("good.yaml", minimalSource + "\nsafety: { max_access_removals: 3% }\n")
        #expect(try ConfigLoader.loadSettings(path: good, environment: [:]).safety.maxAccessRemovals == .percent(3))
        let bad = try dir.write("bad.yaml", minimalSource + "\nsafety:\n  max_access_removals: lots\n")
        #expect(problems { try ConfigLoader.loadSettings(path: bad, environment: [:]) } == [
            "\(bad):7:24: max_access_removals 'lots' must be a number of accounts (e.g. 25) or a percentage from 0% to 100% (e.g. 10%)",
        ])
    }
}
