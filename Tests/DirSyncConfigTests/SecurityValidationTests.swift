import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// A bind that reads less than it should or leaks its password, and a SCIM bearer token that
/// would travel in the clear, are refused by `validate` (and so by every command) before any
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

    /// `ldap://` and SCIM's `http://` share one loopback rule, so a host is local to both or
    /// to neither, whatever its spelling.
    @Test func ldapAndHTTPAgreeOnWhatIsLoopback() throws {
        let dir = try TempDir()
        let hosts = [
            "127.0.0.1", "127.9.9.9", "localhost", "LocalHost.", "[::1]", "[0:0::1]", "[::ffff:127.0.0.1]",
            "10.0.0.7", "128.0.0.1", "[::2]", "[::ffff:10.0.0.1]", "127.0.0.1.example.com", "localhost.example.com",
        ]
        for host in hosts {
            let (_, load) = try load(dir, ldapSource(url: "\"ldap://\(host):389\""))
            // The one thing this config can be refused for is the password over plain ldap://.
            let ldapIsLocal = (try? load()) != nil
            #expect(ldapIsLocal == PlaintextHTTPRule.allows(url: "http://\(host):80/", allowPlaintext: false), "\(host)")
        }
    }

    @Test func aSourceWithoutBindDNBindsAnonymouslyAsBefore() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource.replacingOccurrences(of: "ldap://127.0.0.1:3890", with: "ldap://ldap.example.com"))
        _ = try ConfigLoader.loadSettings(path: config, environment: [:])
    }

    func scimConfig(_ dir: TempDir, url: String, extra: String = "") throws -> (String, () throws -> DirSyncSettings) {
        try load(dir, """
            sources:
              - name: cloud
                type: scim
                url: \(url)
                token_env: PW
            \(extra)target:
              type: scim
              url: \(url)
              token_env: PW
            \(extra.replacingOccurrences(of: "    ", with: "  "))
            """)
    }

    @Test func plainHTTPToAnotherHostIsRefusedForSourcesAndTargetUnlessAllowed() throws {
        let dir = try TempDir()
        let (config, refused) = try scimConfig(dir, url: "http://app.example.com/scim/v2")
        let why = "is plain http:// to a host that is not loopback: the bearer token and people's data would cross the network "
            + "in the clear; use https://, or set allow_plaintext: true on"
        #expect(problems(refused) == [
            "\(config):4:10: url 'http://app.example.com/scim/v2' \(why) source 'cloud' to accept the risk",
            "\(config):8:8: url 'http://app.example.com/scim/v2' \(why) target to accept the risk",
        ])
        let (_, allowed) = try scimConfig(dir, url: "http://app.example.com/scim/v2", extra: "    allow_plaintext: true\n")
        let s = try allowed()
        guard case .scim(let source) = s.sources[0].kind, case .scim(let target) = s.target else { Issue.record("not scim"); return }
        #expect(source.connection.allowPlaintext && target.connection.allowPlaintext)
        #expect(target.connection.url == "http://app.example.com/scim/v2")
    }

    @Test func httpsAndLoopbackHTTPAreAcceptedWithoutAllowPlaintext() throws {
        let dir = try TempDir()
        let urls = [
            "https://app.example.com/scim/v2", "http://127.0.0.1:8080/v2", "http://127.3.4.5/v2", "http://localhost:9000/scim",
            "HTTP://LOCALHOST/scim", "\"http://[::1]:8080/v2\"",
        ]
        for url in urls {
            let (_, load) = try scimConfig(dir, url: url)
            guard case .scim(let target) = try load().target else { Issue.record("not scim: \(url)"); continue }
            #expect(!target.connection.allowPlaintext)
        }
        // Hosts that only look like loopback are judged as what they are.
        for url in ["http://127.0.0.1.example.com/v2", "http://localhost.example.com/v2", "http://10.0.0.7/v2"] {
            let (_, load) = try scimConfig(dir, url: url)
            #expect(problems(load).count == 2, "\(url)")
        }
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
