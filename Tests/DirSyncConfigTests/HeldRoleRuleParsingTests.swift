import DirSyncConfig
import DirSyncCore
import Foundation
import Testing

/// `role:` conditions and `every_project:` in mapping files: read into values, and every
/// mistake reported at FILE:LINE:COL with what to do.
@Suite struct HeldRoleRuleParsingTests {
    @Test func roleConditionAndEveryProjectAreRead() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            roles:
              asm-admins: {}
              asm-users: {}
            rules:
              - when: { group: asm-admins }
                roles: [asm-admins]
              - name: both
                when: { all: [ { role: asm-admins }, { not: { role: asm-users } } ] }
                every_project: all
                projects: { audit: read-only }
            """)
        let set = try ConfigLoader.loadMappings(path: file)
        #expect(set.rules.count == 2)
        #expect(set.rules[0].everyProject == nil)
        #expect(set.rules[1].everyProject == .all)
        #expect(set.rules[1].projects == [ProjectGrant(project: "audit", permission: .readOnly)])
        #expect(set.rules[1].testsRoles && !set.rules[0].testsRoles)
        guard case .all(let parts) = set.rules[1].condition, parts.count == 2,
              case .role(let first) = parts[0], case .not(.role(let second)) = parts[1]
        else { Issue.record("wrong shape: \(set.rules[1].condition)"); return }
        #expect(first == "asm-admins" && second == "asm-users")
    }

    @Test func mistakesAreReportedWhereWritten() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            roles:
              asm-admins: {}
              asm-users: {}
            rules:
              - when: { role: asm-admins }
                roles: [asm-users]
              - when: { role: asm-user }
                every_project: all
              - when: { group: x }
                every_project: read-only
              - when: { group: x }
                every_project: al
              - when: { group: x }
                every_projects: all
              - when: { rol: asm-users }
                projects: { a: all }
              - when: { role: asm-users, group: x }
                projects: { a: all }
            """)
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):6:5: a rule whose when: tests role: cannot grant roles: (that would make the result depend on rule order); grant roles from roles with includes: in the roles: catalogue",
            "\(file):7:19: unknown role 'asm-user'; define it under roles:; did you mean 'asm-users'?",
            "\(file):10:20: every_project: read-only would change nothing (all wins over read-only); write every_project: all, or grant read-only per project under projects:",
            "\(file):12:20: expected all, found 'al'; did you mean 'all'?",
            "\(file):13:5: a rule needs roles: or projects: (what it grants)",
            "\(file):14:5: unknown key 'every_projects' in rule; did you mean 'every_project'?",
            "\(file):15:13: unknown key 'rol' in when; did you mean 'role'?",
            "\(file):17:11: a condition takes one of group, role; combine several with all: [...] or any: [...]",
        ])
    }

    @Test func withoutACatalogueATestedRoleMustBeGrantedSomewhere() throws {
        let dir = try TempDir()
        let file = try dir.write("map.yaml", """
            defaults: { roles: [viewer] }
            rules:
              - when: { group: admins }
                roles: [admin]
              - when: { all: [ { role: admin }, { role: viewr } ] }
                every_project: all
            """)
        #expect(problems { try ConfigLoader.loadMappings(path: file) } == [
            "\(file):5:45: role: 'viewr' is granted by no rule, defaults: or domains:, so this condition never holds; did you mean 'viewer'?",
        ])
    }
}
