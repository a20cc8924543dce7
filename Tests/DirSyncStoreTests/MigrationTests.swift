import DirSyncCore
import Foundation
import GRDB
import Testing

@testable import DirSyncStore

/// A database written by the v1 schema (child tables for roles, projects and tags; rowid
/// ledger; AUTOINCREMENT audit) opens under v2 with every account, ledger entry and audit
/// line as it was, and the old table names still answer as views.
@Suite struct MigrationTests {
    /// Builds a v1 database at `path` holding two accounts (one with awkward values, one
    /// with no roles, projects or tags), three ledger entries and two audit lines.
    private func makeV1Database(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try StateStoreMigrations.migrator.migrate(queue, upTo: "v1")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO accounts ("key", username, email, display_name, status) VALUES
                        ('k-1', 'alice', 'Alice@Example.com', 'Alice "Al" Ünal', 'active'),
                        ('k-2', 'bob', NULL, NULL, 'inactive');
                    INSERT INTO account_roles VALUES ('k-1', 'viewer'), ('k-1', 'admin'), ('k-1', 'say "hi"\\now');
                    INSERT INTO account_projects VALUES ('k-1', 'apollo', 'all'), ('k-1', 'Zeta ß', 'read-only');
                    INSERT INTO account_tags VALUES ('k-1', 'COUNTRY_US'), ('k-1', 'tab' || char(9) || 'bed');
                    INSERT INTO ledger VALUES ('corp:1', 'k-1', NULL), ('corp:2', 'k-2', '2026-01-02 03:04:05.000'),
                        ('corp:0', 'k-2', NULL);
                    INSERT INTO runs ("trigger", status, started_at, summary) VALUES ('cli', 'succeeded', '2026-01-01 00:00:00.000', '');
                    INSERT INTO audit (run_id, at, action, username, account_key, identity, reason, after, result)
                        VALUES (1, '2026-01-01 00:00:00.000', 'create', 'alice', 'k-1', 'corp:1', 'mapped', NULL, 'applied'),
                               (1, '2026-01-01 00:00:00.000', 'create', 'bob', 'k-2', 'corp:2', 'mapped', NULL, 'applied');
                    """)
        }
    }

    @Test func aV1DatabaseKeepsEverythingUnderV2() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        try makeV1Database(at: path)

        let store = try StateStore(path: path)
        let accounts = try store.readAccounts()
        #expect(
            accounts == [
                Account(
                    key: "k-1", username: "alice", email: "Alice@Example.com", displayName: "Alice \"Al\" Ünal",
                    status: .active, roles: ["admin", "say \"hi\"\\now", "viewer"],
                    projects: ["apollo": .all, "Zeta ß": .readOnly], tags: ["COUNTRY_US", "tab\tbed"]),
                Account(
                    key: "k-2", username: "bob", email: nil, displayName: nil, status: .inactive, roles: [],
                    projects: [:], tags: []),
            ])
        #expect(try store.readLedger().map(\.identity) == ["corp:0", "corp:1", "corp:2"])
        #expect(try store.readLedger()[2].goneSince != nil)
        #expect(try store.auditRecords(runID: 1).map(\.username) == ["alice", "bob"])
        // The old child tables answer as views over the JSON columns.
        #expect(try store.rowCount("account_roles") == 3)
        #expect(try store.rowCount("account_projects") == 2)
        #expect(try store.rowCount("account_tags") == 2)

        // The migrated database takes new writes: audit ids continue after the old ones.
        let run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        _ = try store.apply(Fixtures.create("carol"), runID: run, at: Fixtures.t0)
        let ids = try DatabaseQueue(path: path).read { try Int64.fetchAll($0, sql: "SELECT id FROM audit ORDER BY id") }
        #expect(ids == [1, 2, 3])
    }

    @Test func listsWithEscapedCharactersRoundTrip() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        let roles = ["a\"b", "back\\slash", "new\nline", "plain", "\u{1}control", "ümlaut"].sorted()
        let tags = ["x,y", "[bracket]", "colon:\"quoted\""].sorted()
        let projects: [String: Permission] = ["p\"1": .all, "p:2": .readOnly, "p,3": .all]
        _ = try store.apply(
            Fixtures.create("dana", roles: roles, projects: projects, tags: tags), runID: run, at: Fixtures.t0)
        let account = try #require(try store.readAccounts().first)
        #expect(account.roles == roles)
        #expect(account.tags == tags)
        #expect(account.projects == projects)
    }

    /// Reading the accounts after `damage` (SQL with the account's key as its parameter)
    /// was run on a one-account database: the error, and the account's key.
    private func readAfterDamage(_ damage: String) throws -> (error: StoreError, key: String) {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let store = try StateStore(path: path)
        let run = try store.beginRun(trigger: "cli", startedAt: Fixtures.t0)
        let key = try store.apply(Fixtures.create("erin"), runID: run, at: Fixtures.t0)
        try DatabaseQueue(path: path).write { try $0.execute(sql: damage, arguments: [key]) }
        return (try #require(throws: StoreError.self) { try store.readAccounts() }, key)
    }

    @Test func anUnreadableListNamesTheAccountAndColumn() throws {
        let (error, key) = try readAfterDamage(#"UPDATE accounts SET roles = '["viewer"' WHERE "key" = ?"#)
        #expect(error.message.contains("account \(key)'s roles"))
        #expect(error.message.contains("[\"viewer\""))
    }

    @Test func anUnknownPermissionIsRefused() throws {
        let (error, _) = try readAfterDamage(#"UPDATE accounts SET projects = '{"apollo":"owner"}' WHERE "key" = ?"#)
        #expect(error.message.contains("unknown project permission 'owner' for 'apollo'"))
    }
}
