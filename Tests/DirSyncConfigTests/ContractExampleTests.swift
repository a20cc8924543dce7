import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// The examples of CONTRACT.md sections 1 and 2, with paths that exist, load cleanly.
@Suite struct ContractExampleTests {
    @Test func sectionOneConfigLoads() throws {
        let dir = try TempDir()
        try dir.write("creds/ldap-password", "secret\n")
        try dir.write("secrets/idp-token", "token\n")
        try dir.write("certs/corp-ca.pem", "PEM\n")
        try dir.write("examples/quickstart/directory.ldif", "dn: dc=example,dc=com\n")
        let config = try dir.write("dirsync.yaml", """
            version: 1
            state: ./dirsync.sqlite            # SQLite state database; created on first use
            mappings: ./mappings               # a mapping file, or a folder: every *.yaml in name order
            match_by: email                    # joins one person's entries across sources, and adopts an
                                               # existing target account on first sync: email | username
                                               # (compared case-insensitively, trimmed)
            sources:                           # one or more; read in order, merged by match_by
              - name: corp                     # unique, [a-z0-9-]+
                type: ldap
                url: ldap://127.0.0.1:3890     # ldap:// ldaps:// ldapi://; or a list, tried in order
                start_tls: false
                ca_file: ./certs/corp-ca.pem
                bind_dn: cn=dirsync,ou=services,dc=example,dc=com
                bind_password_file: ${CREDENTIALS_DIRECTORY}/ldap-password   # or bind_password_env: NAME
                # allow_plaintext_bind: false  # a bind_dn needs a password, and that password may not travel
                page_size: 500
                timeout: 30s
                users:
                  base: ou=people,dc=example,dc=com
                  filter: (objectClass=inetOrgPerson)
                  id: entryUUID                # stable identity attribute (AD: objectGUID)
                  username: uid                # AD: sAMAccountName
                  email: mail
                  display_name: cn
                  disabled: { attribute: nsAccountLock, equals: "TRUE" }
                  # AD alternative: disabled: { active_directory: true }  (userAccountControl bit 0x2)
                  attributes: [departmentNumber, employeeType]   # extra attributes rules may test
                groups:
                  base: ou=groups,dc=example,dc=com
                  filter: (|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))
                  name: cn
                  member: [member, uniqueMember]   # one or a list of: member | uniqueMember | memberUid
                  nested: true                 # a group that is a member of a group passes its members on
              - name: cloud
                type: scim                     # a SCIM 2.0 service provider read as a directory
                url: https://idp.example.com/scim/v2
                token_file: ./secrets/idp-token
                ca_file: ./certs/corp-ca.pem   # optional
                # rules see userName, emails (primary), displayName, active, groups, and core and
                # enterprise-extension attributes by name: title, userType, department, employeeNumber, ...
              - name: export
                type: ldif                     # an LDIF export read as a directory (offline previews)
                path: ./examples/quickstart/directory.ldif
            target:
              type: store                      # embedded default: accounts live in the state database
            lifecycle:
              delete_after: 30d                # a user gone from every source is deactivated at once and
                                               # deleted after this grace; 0 = delete at once; never = keep inactive
            safety:
              max_deactivations: 10%           # number or percent of managed accounts
              max_deletions: 10%               # over any limit, sync refuses to apply (exit 3); a percentage
                                               # never allows fewer than 5
              max_access_removals: 10%         # updates and adoptions that remove a role or a project membership
            server:
              listen: 127.0.0.1:8089
              schedule: "0 2 * * *"            # cron expression, local time; nightly by default
              webhook_secret_file: ./secrets/webhook
              api_token_file: ./secrets/api-token
            """)
        let s = try ConfigLoader.loadSettings(path: config, environment: ["CREDENTIALS_DIRECTORY": dir.file("creds")])
        #expect(s.sources.map(\.name) == ["corp", "cloud", "export"])
        #expect(s.safety == SafetySettings(maxDeactivations: .percent(10), maxDeletions: .percent(10), maxAccessRemovals: .percent(10)))
        #expect(s.server.webhookSecretFile == dir.file("secrets/webhook"))
        guard case .ldap(let ldap) = s.sources[0].kind else { Issue.record("corp is not ldap"); return }
        #expect(ldap.bindPassword?.value == "secret")
        #expect(ldap.users.disabled == .attribute(name: "nsAccountLock", equals: "TRUE"))
        guard case .scim(let cloud) = s.sources[1].kind else { Issue.record("cloud is not scim"); return }
        #expect(cloud.connection.url == "https://idp.example.com/scim/v2")
        #expect(cloud.connection.token?.value == "token")
        #expect(cloud.connection.caFile == dir.file("certs/corp-ca.pem"))
    }

    /// The commented `type: scim` target of section 1, every line switched on.
    @Test func sectionOneSCIMTargetLoads() throws {
        let dir = try TempDir()
        try dir.write("secrets/app-token", "app-token\n")
        try dir.write("certs/app-ca.pem", "PEM\n")
        let config = try dir.write("dirsync.yaml", minimalSource + """

            target:
              type: scim                     # push to the application's SCIM 2.0 endpoint
              url: https://app.example.com/scim/v2
              token_file: ./secrets/app-token
              roles_as: attribute            # default; attribute: User.roles[].value | groups: one SCIM Group per role
              role_group: "{role}"           # SCIM Group displayName per role when roles_as: groups
              project_group: "{project}:{permission}"   # default; SCIM Group displayName for a project membership
              concurrency: 8                 # requests in flight while applying
              timeout: 30s                   # per request; 429/5xx/dropped connections are retried with
                                             # backoff and jitter, honouring Retry-After
              ca_file: ./certs/app-ca.pem    # optional; certificates are always verified
              bulk: auto                     # auto: use /Bulk when ServiceProviderConfig offers it | off
              tags_as: entitlements          # default: tags as User.entitlements[].value, compared like roles
                                             # | none: tags are not sent to nor compared in the application
              allow_plaintext: false         # http:// only to loopback unless true (a bearer token travels);
                                             # the same key and rule apply to a scim source
            """)
        let s = try ConfigLoader.loadSettings(path: config, environment: [:])
        guard case .scim(let target) = s.target else { Issue.record("target is not scim"); return }
        #expect(target.connection.url == "https://app.example.com/scim/v2")
        #expect(target.connection.token?.value == "app-token")
        #expect(target.connection.caFile == dir.file("certs/app-ca.pem"))
        #expect(target.connection.timeoutSeconds == 30)
        #expect(!target.connection.allowPlaintext)
        #expect(target.rolesAs == .attribute)
        #expect(target.roleGroup == "{role}")
        #expect(target.projectGroup == "{project}:{permission}")
        #expect(target.concurrency == 8)
        #expect(target.bulk == .auto)
        #expect(target.tagsAs == .entitlements)
    }

    @Test func sectionTwoMappingLoads() throws {
        let dir = try TempDir()
        // The contract's example, with the roles it grants added to its catalogue.
        let file = try dir.write("mappings/main.yaml", """
            version: 1
            scope: mapped            # mapped: only users that at least one rule matches get an account
            roles:                   # the role catalogue; if present, every role named anywhere must be in it
              administrator: { includes: [editor] }          # hierarchy: a role grants the roles it includes
              editor:        { includes: [viewer], tags: [COUNTRY_US] }
              viewer: {}
              asm-users: {}
              asm-admins: { includes: [asm-users] }
              finance: {}
              employee: {}
            defaults:
              roles: [viewer]        # granted to every user in scope; puts nobody in scope
            domains:                 # email-domain allow-list; if present, a user outside it is out of scope;
              - domain: example.com  # exact; "*.example.com" for subdomains
                roles: [asm-users]   # granted to every in-scope user of that domain
            rules:
              - name: asm admins     # optional; explain shows it with file:line
                when: { group: asm-admins }          # group name, full DN, glob (proj-*), or /regex/
                roles: [asm-admins]
              - when: { group: "/^proj-(?<project>[a-z0-9-]+)-rw$/" }
                projects: { "${project}": all }      # named captures substitute into project names
              - when: { group: "/^proj-(?<project>[a-z0-9-]+)-ro$/" }
                projects: { "${project}": read-only }
              - when: { attribute: departmentNumber, equals: "4711" }   # or matches: glob or /regex/
                roles: [finance]
              - when: { all: [ { group: staff }, { not: { attribute: employeeType, equals: contractor } } ] }
                roles: [employee]                    # all / any / not combine conditions
            exclude:                 # never provisioned, never deactivated, never deleted
              - username: "svc-*"
              - email: "*@partners.example.com"
            """)
        let set = try ConfigLoader.loadMappings(path: dir.file("mappings"))
        #expect(set.scope == .mapped)
        #expect(set.roles?.count == 7)
        #expect(set.rules.count == 5)
        #expect(set.rules[0].label == "asm admins")
        #expect(set.rules[1].label == "rule at \(file):20:5")
        guard case .group(.regex(let rw)) = set.rules[1].condition else { Issue.record("rule 1 is not a regex"); return }
        #expect(rw.captureNames == ["project"])
        #expect(rw.captures(in: "proj-apollo-rw") == ["project": "apollo"])
        #expect(set.rules[2].projects == [ProjectGrant(project: "${project}", permission: .readOnly)])
        #expect(set.excludes.count == 2)
    }
}
