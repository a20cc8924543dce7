import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@Suite struct SettingsErrorTests {
    @Test func unknownKeyIsReportedAtTheKeyWithASuggestion() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: ldap://127.0.0.1
                users:
                  base: ou=people
                  fitler: (objectClass=person)
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):7:7: unknown key 'fitler' in users; did you mean 'filter'?",
        ])
    }

    @Test func reportsEveryProblemAtOnceInFileOrder() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            version: 2
            match_by: mail
            sources:
              - name: Corp_1
                type: ldap
                url: http://ldap.example.com
                page_size: 0
                timeout: soon
                users:
                  base: ou=people
                  attributes: departmentNumber
              - name: corp
                type: ldapp
            lifecycle: { delete_after: 3 weeks }
            safety: { max_deactivations: -1, max_deletions: 150% }
            server: { listen: localhost }
            colour: blue
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):1:10: unsupported version 2; this dirsync reads version 1 (or omit version:)",
            "\(config):2:11: expected email or username, found 'mail'; did you mean 'email'?",
            "\(config):4:11: source name 'Corp_1' may only contain a-z, 0-9 and '-'",
            "\(config):6:10: url 'http://ldap.example.com' must start with ldap://, ldaps:// or ldapi://",
            "\(config):7:16: page_size must be between 1 and 100000 (1000-5000 reads fastest)",
            "\(config):8:14: timeout 'soon' is not a duration; write e.g. 90s, 15m, 12h or 30d",
            "\(config):11:19: expected a list of strings, found 'departmentNumber'",
            "\(config):13:11: expected ldap or ldif or scim, found 'ldapp'; did you mean 'ldap'?",
            "\(config):14:28: delete_after '3 weeks' is not a duration; write e.g. 30d, 0 (delete at once) or never",
            "\(config):15:30: max_deactivations '-1' must be a number of accounts (e.g. 25) or a percentage from 0% to 100% (e.g. 10%)",
            "\(config):15:49: max_deletions '150%' must be a number of accounts (e.g. 25) or a percentage from 0% to 100% (e.g. 10%)",
            "\(config):16:19: listen 'localhost' must be HOST:PORT, e.g. 127.0.0.1:8089",
            "\(config):17:1: unknown key 'colour' in the config file",
        ])
    }

    @Test func unsetEnvironmentVariableIsReportedAtItsScalar() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: ldap://${LDAP_HOST}
                bind_password_file: ${CREDENTIALS_DIRECTORY}/pw
                users: { base: ou=people }
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: ["LDAP_HOST": "h"]) } == [
            "\(config):5:25: environment variable CREDENTIALS_DIRECTORY is not set; export it or write the value here",
        ])
    }

    @Test func missingSecretFileIsReportedAtItsKeyWithoutItsContent() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: ldap://127.0.0.1
                bind_password_file: secrets/missing
                users: { base: ou=people }
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):5:5: bind_password_file '\(dir.file("secrets/missing"))' does not exist",
        ])
    }

    @Test func secretFileAndEnvTogetherIsAnError() throws {
        let dir = try TempDir()
        try dir.write("pw", "x\n")
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: ldap://127.0.0.1
                bind_password_file: pw
                bind_password_env: PW
                users: { base: ou=people }
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: ["PW": "y"]) } == [
            "\(config):6:5: set bind_password_file or bind_password_env in source 'corp', not both",
        ])
    }

    @Test func missingRequiredKeysAndDuplicateNames() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
              - name: corp
                type: ldif
                path: nowhere.ldif
              - type: scim
                url: ftp://x
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):2:5: source 'corp' needs url: (e.g. ldaps://ldap.example.com)",
            "\(config):2:5: source 'corp' needs users: with at least base: (the DN under which users live)",
            "\(config):4:11: source name 'corp' is already used at line 2, column 11; names must be unique",
            "\(config):6:11: LDIF file '\(dir.file("nowhere.ldif"))' does not exist; check the path (relative paths start at the config file's folder)",
            "\(config):7:5: a source needs name: (unique, [a-z0-9-]+)",
            "\(config):8:10: url 'ftp://x' must be an http:// or https:// URL",
        ])
    }

    @Test func wrongTypesSayWhatWasExpected() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: corp
                type: ldap
                url: { host: x }
                start_tls: maybe
                users: [base]
                groups:
                  member: [member, members]
                  nested: 3
            target: scim
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):4:10: expected a string or a list of strings, found a mapping",
            "\(config):5:16: expected true or false, found 'maybe'",
            "\(config):6:12: expected a mapping for users, found a list",
            "\(config):8:7: groups in source 'corp' needs base: (the DN under which groups live)",
            "\(config):8:24: unknown member attribute 'members'; use member, uniqueMember, memberUid; did you mean 'member'?",
            "\(config):9:15: expected true or false, found '3'",
            "\(config):10:9: expected a mapping for target (e.g. { type: store }), found 'scim'",
        ])
    }

    @Test func syntaxErrorCarriesTheParsersLineAndColumn() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", "sources:\n  - name: corp\n    type: [ldap\n")
        let found = problems { try ConfigLoader.loadSettings(path: config, environment: [:]) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(config):4:1: YAML syntax error:") == true)
    }

    @Test func missingConfigFileAndEmptyConfigFile() throws {
        let dir = try TempDir()
        let empty = try dir.write("empty.yaml", "# nothing yet\n")
        #expect(problems { try ConfigLoader.loadSettings(path: dir.file("none.yaml"), environment: [:]) } == [
            "\(dir.file("none.yaml")): config file does not exist; pass --config PATH or create dirsync.yaml",
        ])
        #expect(problems { try ConfigLoader.loadSettings(path: empty, environment: [:]) } == [
            "\(empty): the config file is empty; it needs at least sources:",
        ])
    }

    @Test func emptySecretFileAndUnsetSecretVariable() throws {
        let dir = try TempDir()
        try dir.write("token", "\n")
        let config = try dir.write("dirsync.yaml", """
            sources:
              - name: cloud
                type: scim
                url: https://idp.example.com/scim/v2
                token_file: token
            target:
              type: scim
              url: https://app.example.com/scim/v2
              token_env: APP_TOKEN
            """)
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):5:5: token_file '\(dir.file("token"))' is empty; write the secret into it",
            "\(config):9:14: environment variable APP_TOKEN is not set (named by token_env); export it or use token_file",
        ])
    }

    @Test func duplicateKeyIsAnError() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource + "\nmatch_by: email\nmatch_by: username\n")
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):7:1: duplicate key 'match_by' in the config file (first at line 6, column 1); keep one",
        ])
    }

    @Test func tabIndentationGetsAHint() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", "sources:\n\t- name: corp\n")
        let found = problems { try ConfigLoader.loadSettings(path: config, environment: [:]) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("\(config):2:1: YAML syntax error:") == true)
        #expect(found.first?.hasSuffix("; YAML indents with spaces, not tabs") == true)
    }

    @Test func unknownOnDeactivateIsReportedWhereItIsWritten() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource + "\nlifecycle:\n  on_deactivate: remove-projects\n")
        #expect(problems { try ConfigLoader.loadSettings(path: config, environment: [:]) } == [
            "\(config):7:18: expected remove_projects or keep, found 'remove-projects'; did you mean 'remove_projects'?"
        ])
    }

    @Test func localizedDescriptionListsTheProblems() throws {
        let dir = try TempDir()
        let config = try dir.write("dirsync.yaml", minimalSource + "\nmatch_by: phone\n")
        do {
            _ = try ConfigLoader.loadSettings(path: config, environment: [:])
            Issue.record("loading succeeded")
        } catch {
            #expect(error.localizedDescription == "\(config):6:11: expected email or username, found 'phone'")
        }
    }
}
