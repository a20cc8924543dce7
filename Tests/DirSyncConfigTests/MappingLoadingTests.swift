import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

@Suite struct MappingLoadingTests {
    @Test func readsEveryPartOfAMappingFile() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            version: 1
            scope: all
            roles:
              admin: { includes: [editor], tags: [ADMIN] }
              editor:
                includes: [viewer]
              viewer:
            defaults:
              roles: [viewer]
            domains:
              - domain: Example.COM
                roles: [editor]
              - domain: "*.corp.example.com"
            rules:
              - name: admins
                when: { group: "cn=admins,ou=groups,dc=example,dc=com" }
                roles: [admin]
              - when: { group: "proj-*" }
                projects: { shared: read-only, tools: all }
              - when:
                  any:
                    - { attribute: Department, matches: "/^(?<dept>[a-z]+)$/" }
                    - { not: { attribute: employeeType, matches: "contract*" } }
                    - { all: [ { group: staff }, { attribute: title, equals: 42 } ] }
                projects: { "dept-${dept}": all }
            exclude:
              - username: "svc-*"
              - email: "*@partners.example.com"
            """)
        let set = try ConfigLoader.loadMappings(path: file)
        #expect(set.scope == .all)
        #expect(set.roles?["admin"] == RoleDefinition(name: "admin", includes: ["editor"], tags: ["ADMIN"], location: SourceLocation(file: file, line: 4, column: 3)))
        #expect(set.roles?["editor"]?.includes == ["viewer"])
        #expect(set.roles?["viewer"] == RoleDefinition(name: "viewer", location: SourceLocation(file: file, line: 7, column: 3)))
        #expect(set.defaultRoles == ["viewer"])
        #expect(set.domains == [
            DomainRule(domain: "example.com", roles: ["editor"], location: SourceLocation(file: file, line: 11, column: 5)),
            DomainRule(domain: "*.corp.example.com", roles: [], location: SourceLocation(file: file, line: 13, column: 5)),
        ])
        #expect(set.rules.count == 3)
        #expect(set.rules[0].name == "admins")
        #expect(set.rules[0].location == SourceLocation(file: file, line: 15, column: 5))
        #expect(set.rules[0].roles == ["admin"])
        guard case .group(.dn(let dn)) = set.rules[0].condition else { Issue.record("rule 0 is not a DN condition"); return }
        #expect(dn == "cn=admins,ou=groups,dc=example,dc=com")
        guard case .group(.glob(let glob)) = set.rules[1].condition else { Issue.record("rule 1 is not a glob"); return }
        #expect(glob == "proj-*")
        #expect(set.rules[1].projects == [ProjectGrant(project: "shared", permission: .readOnly), ProjectGrant(project: "tools", permission: .all)])
        #expect(set.rules[1].location == SourceLocation(file: file, line: 18, column: 5))
        guard case .any(let parts) = set.rules[2].condition, parts.count == 3,
              case .attribute(let a0, .regex(let regex)) = parts[0],
              case .not(.attribute(let a1, .glob(let g1))) = parts[1],
              case .all(let inner) = parts[2], inner.count == 2,
              case .group(.name(let staff)) = inner[0],
              case .attribute(let a2, .equals(let v2)) = inner[1]
        else { Issue.record("rule 2 condition has the wrong shape: \(set.rules[2].condition)"); return }
        #expect(a0 == "department" && regex.source == "^(?<dept>[a-z]+)$" && regex.captureNames == ["dept"])
        #expect(a1 == "employeetype" && g1 == "contract*")
        #expect(staff == "staff" && a2 == "title" && v2 == "42")
        #expect(set.rules[2].projects == [ProjectGrant(project: "dept-${dept}", permission: .all)])
        #expect(set.excludes == [
            ExcludeRule(field: .username, pattern: "svc-*", location: SourceLocation(file: file, line: 27, column: 5)),
            ExcludeRule(field: .email, pattern: "*@partners.example.com", location: SourceLocation(file: file, line: 28, column: 5)),
        ])
    }

    @Test func emptyFileAndNoCatalogueMeanFreeRoleNames() throws {
        let dir = try TempDir()
        try dir.write("maps/00-empty.yaml", "")
        try dir.write("maps/10-rules.yaml", "rules:\n  - when: { group: admins }\n    roles: [anything]\n")
        let set = try ConfigLoader.loadMappings(path: dir.file("maps"))
        #expect(set.scope == .mapped)
        #expect(set.roles == nil)
        #expect(set.domains == nil)
        #expect(set.rules.map(\.roles) == [["anything"]])
    }

    @Test func folderMergesYamlFilesInNameOrder() throws {
        let dir = try TempDir()
        try dir.write("maps/20-b.yml", """
            scope: all
            roles: { viewer: {} }
            defaults: { roles: [viewer] }
            rules:
              - { name: second, when: { group: b }, roles: [viewer] }
            """)
        try dir.write("maps/10-a.yaml", """
            scope: all
            roles: { editor: { includes: [viewer] } }
            domains: [ { domain: a.example } ]
            rules:
              - { name: first, when: { group: a }, roles: [editor] }
            exclude: [ { username: root } ]
            """)
        try dir.write("maps/30-c.yaml", """
            domains: [ { domain: c.example, roles: [editor] } ]
            rules:
              - { name: third, when: { group: c }, projects: { p: all } }
            """)
        try dir.write("maps/notes.txt", "not: [yaml")
        try dir.write("maps/.hidden.yaml", "not: [yaml")
        let set = try ConfigLoader.loadMappings(path: dir.file("maps"))
        #expect(set.rules.map(\.name) == ["first", "second", "third"])
        #expect(set.rules.map(\.location.file) == [dir.file("maps/10-a.yaml"), dir.file("maps/20-b.yml"), dir.file("maps/30-c.yaml")])
        #expect(set.roles.map { Set($0.keys) } == ["editor", "viewer"])
        #expect(set.scope == .all)
        #expect(set.defaultRoles == ["viewer"])
        #expect(set.domains?.map(\.domain) == ["a.example", "c.example"])
        #expect(set.excludes.map(\.pattern) == ["root"])
    }

    @Test func configAndMappingsLoadTogetherWithOverride() throws {
        let dir = try TempDir()
        try dir.write("mappings/main.yaml", "rules:\n  - { name: configured, when: { group: a }, roles: [x] }\n")
        try dir.write("proposed.yaml", "rules:\n  - { name: proposed, when: { group: a }, roles: [x] }\n")
        let config = try dir.write("dirsync.yaml", minimalSource)
        let (settings, configured) = try ConfigLoader.load(configPath: config, mappingOverride: nil, environment: [:])
        #expect(settings.mappingsPath == dir.file("mappings"))
        #expect(configured.rules.map(\.name) == ["configured"])
        let (overridden, proposed) = try ConfigLoader.load(configPath: config, mappingOverride: dir.file("proposed.yaml"), environment: [:])
        #expect(overridden.mappingsPath == dir.file("proposed.yaml"))
        #expect(proposed.rules.map(\.name) == ["proposed"])
    }

    @Test func loadReportsProblemsOfBothFilesAtOnce() throws {
        let dir = try TempDir()
        let mapping = try dir.write("mappings/main.yaml", "rules:\n  - { when: { group: a } }\n")
        let config = try dir.write("dirsync.yaml", minimalSource + "\nmatch_by: phone\n")
        #expect(problems { try ConfigLoader.load(configPath: config, mappingOverride: nil, environment: [:]) } == [
            "\(config):6:11: expected email or username, found 'phone'",
            "\(mapping):2:5: a rule needs roles: or projects: (what it grants)",
        ])
    }
}
