import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@Suite struct SettingsLoadingTests {
    @Test func readsEveryKeyOfAFullConfig() throws {
        let dir = try TempDir()
        try dir.write("secrets/ldap-password", "s3cret\n")
        try dir.write("secrets/idp-token", "idp-token-value\n")
        try dir.write("secrets/app-token", "app-token-value")
        try dir.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        try dir.write("export.ldif", "dn: dc=example,dc=com\n")
        let config = try dir.write("dirsync.yaml", """
            version: 1
            state: ./data/state.sqlite
            mappings: ./maps/main.yaml
            match_by: username
            sources:
              - name: corp
                type: ldap
                url: [ldaps://ldap1.example.com, "ldap://ldap2.example.com:389"]
                start_tls: true
                ca_file: ca.pem
                bind_dn: cn=dirsync,ou=services,dc=example,dc=com
                bind_password_file: ${CREDS}/ldap-password
                page_size: 2000
                timeout: 1m
                users:
                  base: ou=people,dc=example,dc=com
                  filter: (objectClass=person)
                  id: objectGUID
                  username: sAMAccountName
                  email: userPrincipalName
                  display_name: displayName
                  disabled: { active_directory: true }
                  attributes: [departmentNumber, employeeType]
                groups:
                  base: ou=groups,dc=example,dc=com
                  filter: (objectClass=group)
                  name: sAMAccountName
                  member: memberUid
                  nested: false
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2/
                token_file: secrets/idp-token
                ca_file: ./ca.pem
                timeout: 45s
                page_size: 200
                allow_plaintext: true
              - name: export-1
                type: ldif
                path: export.ldif
                users:
                  disabled: { attribute: nsAccountLock, equals: "TRUE" }
                groups: { member: [member, uniqueMember] }
            target:
              type: scim
              url: http://app.example.com:8080/scim/v2
              token_env: APP_TOKEN
              ca_file: ca.pem
              roles_as: groups
              role_group: "app-{role}"
              project_group: "{project}/{permission}"
              timeout: 2m
              concurrency: 16
              bulk: off
              tags_as: none
              allow_plaintext: true
            lifecycle:
              delete_after: 12h
            safety:
              max_deactivations: 25
              max_deletions: 2.5%
              max_access_removals: 7
            server:
              listen: 0.0.0.0:9000
              schedule: "*/15 * * * *"
              webhook_secret_file: secrets/webhook
              api_token_file: /etc/dirsync/api-token
            """)
        let s = try ConfigLoader.loadSettings(path: config, environment: ["CREDS": dir.file("secrets"), "APP_TOKEN": "tok"])
        #expect(s.configPath == config)
        #expect(s.statePath == dir.file("data/state.sqlite"))
        #expect(s.mappingsPath == dir.file("maps/main.yaml"))
        #expect(s.matchBy == .username)
        #expect(s.sources.map(\.name) == ["corp", "cloud", "export-1"])
        #expect(s.sources[0].location == SourceLocation(file: config, line: 6, column: 5))

        guard case .ldap(let ldap) = s.sources[0].kind else { Issue.record("corp is not ldap"); return }
        #expect(ldap.urls == ["ldaps://ldap1.example.com", "ldap://ldap2.example.com:389"])
        #expect(ldap.startTLS)
        #expect(ldap.caFile == dir.file("ca.pem"))
        #expect(ldap.bindDN == "cn=dirsync,ou=services,dc=example,dc=com")
        #expect(ldap.bindPassword?.value == "s3cret")
        #expect(ldap.pageSize == 2000)
        #expect(ldap.timeoutSeconds == 60)
        #expect(ldap.users == UserSchema(
            base: "ou=people,dc=example,dc=com", filter: "(objectClass=person)", id: "objectGUID",
            username: "sAMAccountName", email: "userPrincipalName", displayName: "displayName",
            disabled: .activeDirectory, attributes: ["departmentNumber", "employeeType"]))
        #expect(ldap.groups == GroupSchema(
            base: "ou=groups,dc=example,dc=com", filter: "(objectClass=group)", name: "sAMAccountName",
            member: [.memberUid], nested: false))

        guard case .scim(let scim) = s.sources[1].kind else { Issue.record("cloud is not scim"); return }
        #expect(scim.connection.url == "https://idp.example.com/scim/v2")
        #expect(scim.connection.token?.value == "idp-token-value")
        #expect(scim.connection.caFile == dir.file("ca.pem"))
        #expect(scim.connection.timeoutSeconds == 45)
        #expect(scim.connection.allowPlaintext)
        #expect(scim.pageSize == 200)

        guard case .ldif(let ldif) = s.sources[2].kind else { Issue.record("export-1 is not ldif"); return }
        #expect(ldif.path == dir.file("export.ldif"))
        #expect(ldif.users == UserSchema(disabled: .attribute(name: "nsAccountLock", equals: "TRUE")))
        #expect(ldif.groups == GroupSchema(member: [.member, .uniqueMember]))

        guard case .scim(let target) = s.target else { Issue.record("target is not scim"); return }
        #expect(target.connection.url == "http://app.example.com:8080/scim/v2")
        #expect(target.connection.token?.value == "tok")
        #expect(target.connection.caFile == dir.file("ca.pem"))
        #expect(target.connection.timeoutSeconds == 120)
        #expect(target.connection.allowPlaintext)
        #expect(target.rolesAs == .groups)
        #expect(target.roleGroup == "app-{role}")
        #expect(target.projectGroup == "{project}/{permission}")
        #expect(target.concurrency == 16)
        #expect(target.bulk == .off)
        #expect(target.tagsAs == SCIMTargetSettings.TagsAs.none)

        #expect(s.lifecycle.deleteAfter == .after(seconds: 43_200))
        #expect(s.safety.maxDeactivations == .count(25))
        #expect(s.safety.maxDeletions == .percent(2.5))
        #expect(s.safety.maxAccessRemovals == .count(7))
        #expect(s.server == ServerSettings(
            listen: "0.0.0.0:9000", schedule: "*/15 * * * *",
            webhookSecretFile: dir.file("secrets/webhook"), apiTokenFile: "/etc/dirsync/api-token"))
    }

    @Test func fillsDefaultsForEverythingLeftOut() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource)
        let s = try ConfigLoader.loadSettings(path: config, environment: [:])
        #expect(s.statePath == dir.file("dirsync.sqlite"))
        #expect(s.mappingsPath == dir.file("mappings"))
        #expect(s.matchBy == .email)
        guard case .store = s.target else { Issue.record("default target is not store"); return }
        #expect(s.lifecycle.deleteAfter == .after(seconds: 30 * 86_400))
        #expect(s.safety == SafetySettings(maxDeactivations: .percent(10), maxDeletions: .percent(10)))
        #expect(s.safety.maxAccessRemovals == .percent(10))
        #expect(s.server == ServerSettings())
        guard case .ldap(let ldap) = s.sources[0].kind else { Issue.record("not ldap"); return }
        #expect(ldap.urls == ["ldap://127.0.0.1:3890"])
        #expect(!ldap.startTLS)
        #expect(ldap.caFile == nil && ldap.bindDN == nil && ldap.bindPassword == nil)
        #expect(ldap.pageSize == 500)
        #expect(ldap.timeoutSeconds == 30)
        #expect(ldap.users == UserSchema(base: "ou=people,dc=example,dc=com"))
        #expect(ldap.groups == nil)
    }

    @Test func readsOnDeactivateWithRemoveProjectsAsTheDefault() throws {
        let dir = try TempDir()
        let plain = try dir.write("plain.yaml", minimalSource)
        let keep = try dir.write("keep.yaml", minimalSource + "\nlifecycle: { on_deactivate: keep, delete_after: 0 }\n")
        let remove = try dir.write("remove.yaml", minimalSource + "\nlifecycle:\n  on_deactivate: remove_projects\n")
        #expect(try ConfigLoader.loadSettings(path: plain, environment: [:]).lifecycle.onDeactivate == .removeProjects)
        #expect(try ConfigLoader.loadSettings(path: keep, environment: [:]).lifecycle == .init(deleteAfter: .after(seconds: 0), onDeactivate: .keep))
        #expect(try ConfigLoader.loadSettings(path: remove, environment: [:]).lifecycle.onDeactivate == .removeProjects)
    }

    @Test func readsDeleteAfterZeroAndNever() throws {
        let dir = try TempDir()
        let zero = try dir.write("zero.yaml", minimalSource + "\nlifecycle: { delete_after: 0 }\n")
        let never = try dir.write("never.yaml", minimalSource + "\nlifecycle: { delete_after: never }\n")
        #expect(try ConfigLoader.loadSettings(path: zero, environment: [:]).lifecycle.deleteAfter == .after(seconds: 0))
        #expect(try ConfigLoader.loadSettings(path: never, environment: [:]).lifecycle.deleteAfter == .never)
    }

    @Test func expandsEnvironmentVariablesInAnyString() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            state: ${STATE_DIR}/dirsync.sqlite
            sources:
              - name: corp
                type: ldap
                url: ldap://${LDAP_HOST}:${LDAP_PORT}
                page_size: ${PAGE}
                bind_dn: "cn=$${literal},dc=x"
                allow_plaintext_bind: true
                users: { base: "ou=people,${SUFFIX}" }
            """)
        let env = ["STATE_DIR": "/var/lib/dirsync", "LDAP_HOST": "10.0.0.1", "LDAP_PORT": "636", "PAGE": "1000", "SUFFIX": "dc=corp"]
        let s = try ConfigLoader.loadSettings(path: config, environment: env)
        #expect(s.statePath == "/var/lib/dirsync/dirsync.sqlite")
        guard case .ldap(let ldap) = s.sources[0].kind else { Issue.record("not ldap"); return }
        #expect(ldap.urls == ["ldap://10.0.0.1:636"])
        #expect(ldap.pageSize == 1000)
        #expect(ldap.bindDN == "cn=${literal},dc=x")
        #expect(ldap.users.base == "ou=people,dc=corp")
    }

    @Test func readsSecretsFromFilesAndEnvironmentDroppingTheTrailingNewline() throws {
        let dir = try TempDir()
        try dir.write("creds/ldap-password", "pa ss\r\n")
        let fromFile = try dir.write("file.yaml", minimalSource + "\n    bind_password_file: ${CREDENTIALS_DIRECTORY}/ldap-password\n")
        let fromEnv = try dir.write("env.yaml", minimalSource + "\n    bind_password_env: LDAP_PW\n")
        let env = ["CREDENTIALS_DIRECTORY": dir.file("creds"), "LDAP_PW": "from-env"]
        let a = try ConfigLoader.loadSettings(path: fromFile, environment: env)
        let b = try ConfigLoader.loadSettings(path: fromEnv, environment: env)
        guard case .ldap(let la) = a.sources[0].kind, case .ldap(let lb) = b.sources[0].kind else { Issue.record("not ldap"); return }
        #expect(la.bindPassword?.value == "pa ss")
        #expect(lb.bindPassword?.value == "from-env")
    }

    @Test func acceptsPlainLDAPWithAPasswordForLocalDemos() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource + "\n    bind_dn: cn=admin\n    bind_password_env: PW\n")
        let s = try ConfigLoader.loadSettings(path: config, environment: ["PW": "x"])
        #expect(s.sources.count == 1)
    }
}
