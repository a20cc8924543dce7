import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// `type: scim` sources and targets: defaults for what is left out, and one error per rule,
/// each at the line and column where it was written.
@Suite struct SCIMSettingsTests {
    func configure(_ dir: TempDir, _ text: String, environment: [String: String] = [:]) throws -> (String, () throws -> DirSyncSettings) {
        let config = try dir.write("dirsync.yaml", text)
        return (config, { try ConfigLoader.loadSettings(path: config, environment: environment) })
    }

    /// A config with an LDAP source and the SCIM target `lines` (written under `target:`).
    func target(_ lines: String) -> String {
        minimalSource + "\ntarget:\n  type: scim\n" + lines
    }

    @Test func fillsDefaultsForASCIMSourceAndTarget() throws {
        let dir = try TempDir()
        let (_, load) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2
            target:
              type: scim
              url: https://app.example.com/scim/v2
            """)
        let s = try load()
        guard case .scim(let source) = s.sources[0].kind, case .scim(let target) = s.target else { Issue.record("not scim"); return }
        #expect(source.pageSize == 500)
        #expect(source.connection.token == nil && source.connection.caFile == nil)
        #expect(source.connection.timeoutSeconds == 30)
        #expect(!source.connection.allowPlaintext)
        #expect(target.connection.token == nil)
        #expect(target.rolesAs == .attribute)
        #expect(target.roleGroup == "{role}")
        #expect(target.projectGroup == "{project}:{permission}")
        #expect(target.concurrency == 8)
        #expect(target.bulk == .auto)
        #expect(target.tagsAs == .entitlements)
    }

    @Test func missingOrMalformedURLSaysWhatToWrite() throws {
        let dir = try TempDir()
        let (config, load) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                token_env: T
              - name: idp
                type: scim
                url: ldaps://idp.example.com
              - name: nohost
                type: scim
                url: "https:///scim/v2"
            target:
              type: scim
            """, environment: ["T": "t"])
        #expect(problems(load) == [
            "\(config):2:5: source 'cloud' needs url: (the SCIM base URL, e.g. https://idp.example.com/scim/v2)",
            "\(config):7:10: url 'ldaps://idp.example.com' must be an http:// or https:// URL",
            "\(config):10:10: url 'https:///scim/v2' has no host name or is not a valid URL; write e.g. https://app.example.com/scim/v2",
            "\(config):12:3: target needs url: (the SCIM base URL, e.g. https://app.example.com/scim/v2)",
        ])
    }

    @Test func wrongChoicesAreReportedWithASuggestion() throws {
        let dir = try TempDir()
        let (config, load) = try configure(dir, target("""
              url: https://app.example.com/scim/v2
              roles_as: attributes
              bulk: on
              tags_as: entitlement
              allow_plaintext: sometimes
            """))
        #expect(problems(load) == [
            "\(config):9:13: expected attribute or groups, found 'attributes'; did you mean 'attribute'?",
            "\(config):10:9: expected auto or off, found 'on'",
            "\(config):11:12: expected entitlements or none, found 'entitlement'; did you mean 'entitlements'?",
            "\(config):12:20: expected true or false, found 'sometimes'",
        ])
    }

    @Test func concurrencyAndPageSizeMustBeInRange() throws {
        let dir = try TempDir()
        for (value, ok) in [("0", false), ("1", true), ("64", true), ("65", false)] {
            let (config, load) = try configure(dir, target("  url: https://app.example.com/scim/v2\n  concurrency: \(value)\n"))
            if ok {
                guard case .scim(let t) = try load().target else { Issue.record("not scim"); continue }
                #expect(t.concurrency == Int(value))
            } else {
                #expect(problems(load) == [
                    "\(config):9:16: concurrency must be between 1 and 64 (requests in flight while applying; 8 by default)",
                ])
            }
        }
        for (value, ok) in [("0", false), ("1", true), ("10000", true), ("10001", false)] {
            let (config, load) = try configure(dir, """
                sources:
                  - name: cloud
                    type: scim
                    url: https://idp.example.com/scim/v2
                    page_size: \(value)
                """)
            if ok {
                guard case .scim(let source) = try load().sources[0].kind else { Issue.record("not scim"); continue }
                #expect(source.pageSize == Int(value))
            } else {
                #expect(problems(load) == [
                    "\(config):5:16: page_size must be between 1 and 10000 (resources asked for per page; a server may cap it lower)",
                ])
            }
        }
        let (config, load) = try configure(dir, target("  url: https://app.example.com/scim/v2\n  concurrency: many\n"))
        #expect(problems(load) == ["\(config):9:16: expected a whole number, found 'many'"])
    }

    @Test func projectGroupNeedsProjectAndPermission() throws {
        let dir = try TempDir()
        let (config, load) = try configure(dir, target("""
              url: https://app.example.com/scim/v2
              project_group: "proj-{project}"
            """))
        #expect(problems(load) == [
            "\(config):9:18: project_group must contain {project} and {permission}, e.g. \"{project}:{permission}\" "
                + "(without {permission} an all and a read-only membership of one project would be the same group)",
        ])
        let (config2, load2) = try configure(dir, target("  url: https://app.example.com/scim/v2\n  project_group: \"{permission}\"\n"))
        #expect(problems(load2) == [
            "\(config2):9:18: project_group must contain {project} and {permission}, e.g. \"{project}:{permission}\"",
        ])
    }

    @Test func misspeltPlaceholdersAreErrorsNotPartOfTheGroupName() throws {
        let dir = try TempDir()
        let (config, load) = try configure(dir, target("""
              url: https://app.example.com/scim/v2
              roles_as: groups
              role_group: "{role}-{project}"
              project_group: "{project}:{permission}:{permision}"
            """))
        #expect(problems(load) == [
            "\(config):10:15: role_group knows only {role}, found {project}; e.g. \"app-{role}\"",
            "\(config):11:18: project_group knows only {project} and {permission}, found {permision}; did you mean {permission}?",
        ])
    }

    /// `role_group` only matters under `roles_as: groups`, but is accepted beside
    /// `roles_as: attribute` (as the contract's example shows them) and kept.
    @Test func roleGroupIsKeptWhateverRolesAs() throws {
        let dir = try TempDir()
        let (_, load) = try configure(dir, target("  url: https://app.example.com/scim/v2\n  roles_as: attribute\n  role_group: \"{role}\"\n"))
        guard case .scim(let a) = try load().target else { Issue.record("not scim"); return }
        #expect(a.rolesAs == .attribute && a.roleGroup == "{role}")
        let (_, load3) = try configure(dir, target("  url: https://app.example.com/scim/v2\n  roles_as: groups\n  role_group: \"app-{role}\"\n"))
        guard case .scim(let t) = try load3().target else { Issue.record("not scim"); return }
        #expect(t.rolesAs == .groups && t.roleGroup == "app-{role}")
    }

    @Test func unknownKeysGetTheNearestKnownKey() throws {
        let dir = try TempDir()
        let (config, load) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2
                pagesize: 100
                users: { base: ou=people }
            target:
              type: scim
              url: https://app.example.com/scim/v2
              role_as: groups
              allow_plaintext_bind: true
            """)
        #expect(problems(load) == [
            "\(config):5:5: unknown key 'pagesize' in source 'cloud' (type scim); did you mean 'page_size'?",
            "\(config):6:5: unknown key 'users' in source 'cloud' (type scim)",
            "\(config):10:3: unknown key 'role_as' in target (type scim); did you mean 'roles_as'?",
            "\(config):11:3: unknown key 'allow_plaintext_bind' in target (type scim)",
        ])
    }

    @Test func tokenIsOptionalButFileAndEnvironmentTogetherIsAnError() throws {
        let dir = try TempDir()
        try dir.write("token", "file-token\n")
        let (config, load) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                url: http://127.0.0.1:8000/v2
                token_file: token
                token_env: T
            target:
              type: scim
              url: http://127.0.0.1:8001/v2
            """, environment: ["T": "env-token"])
        #expect(problems(load) == ["\(config):6:5: set token_file or token_env in source 'cloud', not both"])
        let (_, fromFile) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                url: http://127.0.0.1:8000/v2
                token_file: token
            target: { type: scim, url: "http://127.0.0.1:8001/v2", token_env: T }
            """, environment: ["T": "env-token"])
        let s = try fromFile()
        guard case .scim(let source) = s.sources[0].kind, case .scim(let target) = s.target else { Issue.record("not scim"); return }
        #expect(source.connection.token?.value == "file-token")
        #expect(target.connection.token?.value == "env-token")
    }

    @Test func caFileMustBeAReadableFile() throws {
        let dir = try TempDir()
        try dir.mkdir("certs")
        let (config, load) = try configure(dir, """
            sources:
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2
                ca_file: certs
            target:
              type: scim
              url: https://app.example.com/scim/v2
              ca_file: missing.pem
              timeout: 0s
            """)
        #expect(problems(load) == [
            "\(config):5:14: ca_file '\(dir.file("certs"))' is a folder; give the path of a file",
            "\(config):9:12: ca_file '\(dir.file("missing.pem"))' does not exist; check the path (relative paths start at the config file's folder)",
            "\(config):10:12: timeout must be more than 0",
        ])
    }
}
