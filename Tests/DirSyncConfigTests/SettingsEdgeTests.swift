import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@Suite struct SettingsEdgeTests {
    @Test func yamlMergeKeysShareBlocksBetweenSources() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - &common
                name: one
                type: ldap
                url: ldap://a
                users: { base: ou=people }
              - <<: *common
                name: two
                url: ldap://b
            """)
        let s = try ConfigLoader.loadSettings(path: config, environment: [:])
        #expect(s.sources.map(\.name) == ["one", "two"])
        guard case .ldap(let two) = s.sources[1].kind else { Issue.record("two is not ldap"); return }
        #expect(two.urls == ["ldap://b"])
        #expect(two.users.base == "ou=people")
    }

    @Test func disabledRuleAndTargetOptionsAreChecked() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: ldap://a
                ca_file: missing-ca.pem
                users:
                  base: ou=people
                  disabled: { active_directory: true, attribute: x }
            target:
              type: scim
              url: https://app.example.com/scim/v2
              roles_as: group
              role_group: "app-roles"
              token_file: tok
              token_env: TOK
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):5:14: ca_file '\(dir.file("missing-ca.pem"))' does not exist; check the path (relative paths start at the config file's folder)",
            "\(config):8:17: disabled takes either active_directory: true or attribute: and equals:, not both",
            "\(config):12:13: expected attribute or groups, found 'group'; did you mean 'groups'?",
            "\(config):13:15: role_group must contain {role}, e.g. \"app-{role}\"",
            "\(config):15:3: set token_file or token_env in target, not both",
        ])
    }

    @Test func storeTargetTakesNoOtherKeys() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource + "\ntarget:\n  type: store\n  url: https://x\n")
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):8:3: unknown key 'url' in target (type store)",
        ])
    }
}
