import Foundation
@testable import DirSyncCore

/// Small builders so that each test reads as the directory it describes.
enum Fx {
    static func user(
        _ uid: String, source: String = "corp", email: String? = "default", name: String? = nil,
        disabled: Bool = false, attributes: [String: [String]] = [:], id: String? = nil
    ) -> DirectoryUser {
        DirectoryUser(
            source: source, id: id ?? "id-\(uid)", dn: "uid=\(uid),ou=people,dc=example,dc=com", username: uid,
            email: email == "default" ? "\(uid)@example.com" : email, displayName: name ?? uid.capitalized,
            disabled: disabled, attributes: attributes)
    }

    static func group(_ name: String, source: String = "corp", members: [String] = [], memberUids: [String] = []) -> DirectoryGroup {
        DirectoryGroup(
            source: source, dn: "cn=\(name),ou=groups,dc=example,dc=com", name: name,
            members: members.map(dn), memberUids: memberUids)
    }

    /// `uid=alice,...` for a plain name, `cn=...` for a name starting with `@`, as written otherwise when it contains `=`.
    static func dn(_ member: String) -> String {
        if member.contains("=") { return member }
        if member.hasPrefix("@") { return "cn=\(member.dropFirst()),ou=groups,dc=example,dc=com" }
        return "uid=\(member),ou=people,dc=example,dc=com"
    }

    static func index(
        _ users: [DirectoryUser], _ groups: [DirectoryGroup] = [], source: String = "corp", matchBy: MatchBy = .email,
        nested: Bool = true
    ) -> PeopleIndex {
        PeopleIndex(
            snapshots: [DirectorySnapshot(source: source, users: users, groups: groups)], matchBy: matchBy,
            nestedSources: nested ? [source] : [])
    }

    static let here = SourceLocation(file: "mappings/10-test.yaml", line: 3, column: 5)

    static func rule(_ name: String? = nil, _ condition: Condition, roles: [String] = [], projects: [ProjectGrant] = [], line: Int = 3) -> MappingRule {
        MappingRule(
            name: name, condition: condition, roles: roles, projects: projects,
            location: SourceLocation(file: "mappings/10-test.yaml", line: line, column: 5))
    }

    static func rule(_ condition: Condition, roles: [String] = [], projects: [ProjectGrant] = [], line: Int = 3) -> MappingRule {
        rule(nil, condition, roles: roles, projects: projects, line: line)
    }

    static func decisions(_ mapping: MappingSet, _ index: PeopleIndex) -> [Decision] {
        let engine = MappingEngine(mapping: mapping, index: index)
        return index.people.map(engine.decide)
    }

    static func decision(_ query: String, _ mapping: MappingSet, _ index: PeopleIndex) -> Decision {
        MappingEngine(mapping: mapping, index: index).decide(index.person(matching: query)!)
    }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    static func account(
        _ key: String, _ username: String, email: String? = nil, name: String? = nil, status: AccountStatus = .active,
        roles: [String] = [], projects: [String: Permission] = [:], tags: [String] = []
    ) -> Account {
        Account(
            key: key, username: username, email: email ?? "\(username)@example.com", displayName: name ?? username.capitalized,
            status: status, roles: roles, projects: projects, tags: tags)
    }
}

/// Applies a plan to accounts and ledger the way a target and the engine would, so tests
/// can check that the next plan is empty.
struct World {
    var accounts: [Account]
    var ledger: [LedgerEntry]
    var nextKey = 1000

    mutating func apply(_ result: PlanningResult) {
        for identity in result.ledgerRemovals { ledger.removeAll { $0.identity == identity } }
        for update in result.ledgerUpdates {
            if let i = ledger.firstIndex(where: { $0.identity == update.identity }) { ledger[i] = update } else { ledger.append(update) }
        }
        for op in result.plan.operations {
            switch op.action {
            case .create:
                nextKey += 1
                let key = "k\(nextKey)"
                accounts.append(
                    Account(
                        key: key, username: op.username, email: op.email, displayName: op.displayName, status: .active,
                        roles: op.roles ?? [], projects: op.projects ?? [:], tags: op.tags ?? []))
                ledger.removeAll { $0.identity == op.identity }
                ledger.append(LedgerEntry(identity: op.identity!, accountKey: key))
            case .adopt, .update, .reactivate:
                if op.action == .adopt { ledger.append(LedgerEntry(identity: op.identity!, accountKey: op.account!)) }
                let i = accounts.firstIndex { $0.key == op.account }!
                accounts[i] = Account(
                    key: op.account!, username: op.username, email: op.email, displayName: op.displayName,
                    status: op.action == .update ? accounts[i].status : .active,
                    roles: op.roles ?? [], projects: op.projects ?? [:], tags: op.tags ?? [])
            case .deactivate:
                let i = accounts.firstIndex { $0.key == op.account }!
                accounts[i].status = .inactive
                for project in op.changes?.projectsRemoved ?? [] { accounts[i].projects[project] = nil }
            case .delete:
                accounts.removeAll { $0.key == op.account }
                ledger.removeAll { $0.accountKey == op.account }
            }
            if let from = op.changes?.identityFrom, let identity = op.identity {
                ledger.removeAll { $0.identity == from }
                ledger.append(LedgerEntry(identity: identity, accountKey: op.account!))
            }
        }
    }
}
