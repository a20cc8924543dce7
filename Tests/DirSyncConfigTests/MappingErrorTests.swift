import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@Suite struct MappingErrorTests {
    @Test func roleDefinedTwiceAcrossFilesIsReportedAtTheSecond() throws {
        let dir = try TempDir()
        let a = try dir.write("maps/a.yaml", "roles:\n  editor: {}\n")
        let b = try dir.write("maps/b.yaml", "roles:\n  viewer: {}\n  editor: { tags: [X] }\n")
        #expect(problems { try ConfigLoader.loadMappings(path: dir.file("maps")) } == [
            "\(b):3:3: role 'editor' is already defined at \(a):2:3; define each role once",
        ])
    }

    @Test func includeCycleIsNamed() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            roles:
              viewer: {}
              b: { includes: [c] }
              a: { includes: [b, viewer] }
              c: { includes: [a] }
              self: { includes: [self] }
            """)
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):4:3: role cycle: a -> b -> c -> a; a role cannot include itself",
            "\(file):6:3: role cycle: self -> self; a role cannot include itself",
        ])
    }

    @Test func invalidRegexCarriesTheEnginesMessage() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            rules:
              - when: { group: "/^proj-(unclosed$/" }
                roles: [x]
              - when: { attribute: title, matches: "/a/i" }
                roles: [x]
            """)
        let found = problems { try ConfigLoader.loadMappings(path: file) }
        #expect(found.count == 2)
        #expect(found.first == "\(file):2:20: invalid regex /^proj-(unclosed$/: expected ')'")
        #expect(found.last == "\(file):4:40: regex '/a/i' must end with '/'; flags are not supported (write (?i) inside the pattern)")
    }

    @Test func unknownCaptureInAProjectNameIsAnError() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            rules:
              - when: { group: "/^proj-(?<project>[a-z]+)$/" }
                projects: { "${project}-${env}": all }
              - when: { group: "proj-*" }
                projects: { "${project}": all }
            """)
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):3:17: project '${project}-${env}' uses ${env}, but no regex in this rule's when captures it (it captures project); add (?<env>...) to the regex",
            "\(file):5:17: project '${project}' uses ${project}, but no regex in this rule's when captures it (it has no named captures); add (?<project>...) to the regex",
        ])
    }

    @Test func unknownRolesAreReportedWhereTheyAreNamed() throws {
        let dir = try TempDir()
        try dir.write("maps/10-catalogue.yaml", "roles:\n  editor: { includes: [viewr] }\n  viewer: {}\n")
        let rules = try dir.write("maps/20-rules.yaml", """
            defaults: { roles: [guest] }
            domains:
              - { domain: example.com, roles: [editor, staff] }
            rules:
              - when: { group: a }
                roles: [editr]
            """)
        let catalogue = dir.file("maps/10-catalogue.yaml")
        #expect(problems { try ConfigLoader.loadMappings(path: dir.file("maps")) } == [
            "\(catalogue):2:24: unknown role 'viewr'; define it under roles:; did you mean 'viewer'?",
            "\(rules):1:21: unknown role 'guest'; define it under roles:",
            "\(rules):3:44: unknown role 'staff'; define it under roles:",
            "\(rules):6:13: unknown role 'editr'; define it under roles:; did you mean 'editor'?",
        ])
    }

    @Test func conflictingScopesAcrossFiles() throws {
        let dir = try TempDir()
        let a = try dir.write("maps/a.yaml", "scope: mapped\n")
        try dir.write("maps/b.yaml", "scope: mapped\n")
        let c = try dir.write("maps/c.yaml", "version: 1\nscope: all\n")
        #expect(problems { try ConfigLoader.loadMappings(path: dir.file("maps")) } == [
            "\(c):2:8: scope: all conflicts with scope: mapped at \(a):1:8; set scope in one file only",
        ])
    }

    @Test func versionTwoIsRejected() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", "version: 2\nrules: []\n")
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):1:10: unsupported version 2; this dirsync reads version 1 (or omit version:)",
        ])
    }

    @Test func malformedRulesAndExcludesAreAllReported() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            scope: everyone
            rules:
              - name: nothing granted
                when: { group: a }
              - roles: [x]
              - when: { group: a, attribute: b, equals: c }
                roles: [x]
              - when: { attribute: b }
                roles: [x]
              - when: { any: [] }
                projects: { p: write }
              - when: { grop: a }
                roles: [x]
            exclude:
              - { username: a, email: b }
              - uid: root
            domains:
              - domain: "alice@example.com"
            """)
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):1:8: expected mapped or all, found 'everyone'",
            "\(file):3:5: a rule needs roles: or projects: (what it grants)",
            "\(file):5:5: a rule needs when: (e.g. when: { group: admins })",
            "\(file):6:11: a condition takes one of group, attribute; combine several with all: [...] or any: [...]",
            "\(file):8:11: attribute: needs equals: (a value) or matches: (a glob or /regex/)",
            "\(file):10:18: any: needs at least one condition",
            "\(file):11:20: expected all or read-only, found 'write'",
            "\(file):12:13: unknown key 'grop' in when; did you mean 'group'?",
            "\(file):15:5: an exclude entry takes exactly one of username: or email: (a glob such as \"svc-*\")",
            "\(file):16:5: unknown key 'uid' in exclude entry",
            "\(file):18:13: domain 'alice@example.com' must be a domain such as example.com, or \"*.example.com\" for its subdomains",
        ])
    }

    @Test func missingMappingPathAndSyntaxError() throws {
        let dir = try TempDir()
        let broken = try dir.write("maps/a.yaml", "rules:\n  - when: { group: a\n")
        let good = try dir.write("maps/b.yaml", "rules:\n  - { when: { group: a } }\n")
        #expect(problems { try ConfigLoader.loadMappings(path: dir.file("none")) } == [
            "\(dir.file("none")): mapping file or folder does not exist; create it or set mappings: in the config",
        ])
        let found = problems { try ConfigLoader.loadMappings(path: dir.file("maps")) }
        #expect(found.count == 2)
        #expect(found.first?.hasPrefix("\(broken):3:1: YAML syntax error:") == true)
        #expect(found.last == "\(good):2:5: a rule needs roles: or projects: (what it grants)")
    }
}
