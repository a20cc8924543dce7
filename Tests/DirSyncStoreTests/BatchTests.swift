import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct BatchTests {
    @Test func oneFailingOpFailsAloneAndIsRecorded() throws {
        let store = try StateStore.inMemory()
        try store.insertUnmanagedAccount(
            Account(
                key: "manual", username: "bob", email: nil, displayName: nil, status: .active, projects: ["x": .all]))
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let ops = [Fixtures.create("alice"), Fixtures.create("bob"), Fixtures.create("carol")]

        let results = try store.applyBatch(ops, runID: run, at: Fixtures.t0)

        #expect(results.count == 3)
        #expect((try? results[0].get()) != nil)
        #expect((try? results[1].get()) == nil)
        #expect((try? results[2].get()) != nil)
        #expect(try store.readAccounts().map(\.username) == ["alice", "bob", "carol"])
        #expect(try store.readAccounts().first { $0.username == "bob" }?.key == "manual")
        #expect(try store.readLedger().map(\.identity) == ["id-alice", "id-carol"])
        // bob's failed create left no membership behind: alice, carol, and the manual one
        #expect(try store.rowCount("account_projects") == 3)
        let audit = try store.auditRecords(runID: run)
        #expect(audit.map(\.result) == ["applied", "failed", "applied"])
        #expect(audit[1].error?.contains("already taken") == true)
    }

    @Test(arguments: [1, 2, 500])
    func failuresRollBackOnlyTheirOpWhateverTheChunking(chunkSize: Int) throws {
        let store = try StateStore.inMemory()
        try store.insertUnmanagedAccount(
            Account(key: "manual", username: "u3", email: nil, displayName: nil, status: .active))
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let ops = (0..<6).map { Fixtures.create("u\($0)") }

        let results = try store.applyBatch(ops, runID: run, at: Fixtures.t0, chunkSize: chunkSize)

        #expect(results.map { (try? $0.get()) == nil } == [false, false, false, true, false, false])
        #expect(try store.rowCount("accounts") == 6)
        #expect(try store.rowCount("ledger") == 5)
        #expect(try store.rowCount("account_projects") == 5)
        let audit = try store.auditRecords(runID: run)
        #expect(audit.map(\.username) == ["u0", "u1", "u2", "u3", "u4", "u5"])
        #expect(audit.map(\.result) == ["applied", "applied", "applied", "failed", "applied", "applied"])
        #expect(audit.map(\.accountKey) == results.map { try? $0.get().key })
    }

    /// A run of creates goes through `BulkCreate`; one by one they go through
    /// `OperationApplier`. Both must leave the same accounts, ledger and audit lines.
    @Test func bulkCreatesWriteWhatSingleCreatesWrite() throws {
        let ops = [
            Fixtures.create("alice", roles: ["viewer", "editor", "viewer"], projects: ["z": .all, "apollo": .readOnly, "é": .all], tags: ["US", "ADMIN", "US"]),
            AccountOperation(
                action: .create, username: "bøb", email: nil, displayName: "Bob \"the\" 🐝\n\u{1}", roles: [], projects: [:],
                tags: nil, reason: "mapped by rules 'a', 'b'", identity: nil),
            AccountOperation(
                action: .create, username: "carol", email: "carol@example.com", displayName: nil, roles: nil, projects: nil,
                tags: [], reason: "", identity: "corp:c"),
        ]
        let bulk = try StateStore.inMemory()
        let bulkRun = try bulk.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let bulkKeys = try bulk.applyBatch(ops, runID: bulkRun, at: Fixtures.t0).map { try $0.get().key }
        let single = try StateStore.inMemory()
        let singleRun = try single.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let singleKeys = try ops.map { try single.apply($0, runID: singleRun, at: Fixtures.t0) }

        // Keys differ (they are new); everything else must not.
        func unkeyed(_ accounts: [Account], _ keys: [String]) -> [Account] {
            accounts.map { account in
                var account = account
                account.key = "#\(keys.firstIndex(of: account.key) ?? -1)"
                return account
            }
        }
        #expect(unkeyed(try bulk.readAccounts(), bulkKeys) == unkeyed(try single.readAccounts(), singleKeys))
        #expect(try bulk.readAccounts().first { $0.username == "alice" }?.roles == ["editor", "viewer"])
        #expect(try bulk.readLedger().map { [$0.identity, "\(bulkKeys.firstIndex(of: $0.accountKey) ?? -1)"] }
            == single.readLedger().map { [$0.identity, "\(singleKeys.firstIndex(of: $0.accountKey) ?? -1)"] })
        let (bulkAudit, singleAudit) = (try bulk.auditRecords(runID: bulkRun), try single.auditRecords(runID: singleRun))
        #expect(bulkAudit.count == 3)
        for (b, s) in zip(bulkAudit, singleAudit) {
            #expect([b.action.rawValue, b.username, b.identity ?? "-", b.reason, b.result, b.error ?? "-", b.note ?? "-"]
                == [s.action.rawValue, s.username, s.identity ?? "-", s.reason, s.result, s.error ?? "-", s.note ?? "-"])
            #expect(b.at == s.at && b.before == nil && s.before == nil)
            #expect(b.accountKey.flatMap(bulkKeys.firstIndex) == s.accountKey.flatMap(singleKeys.firstIndex))
            #expect(unkeyed([b.after!], bulkKeys) == unkeyed([s.after!], singleKeys))
        }
    }

    /// More creates than one prepared part (`BulkCreate.partSize`): every account, ledger
    /// entry and audit line is written once, in the ops' order, with the returned keys.
    @Test func aBatchOfSeveralPreparedPartsKeepsItsOrder() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let count = BulkCreate.partSize * 2 + 37
        let ops = (0..<count).map { Fixtures.create(String(format: "user%05d", $0)) }
        let keys = try store.applyBatch(ops, runID: run, at: Fixtures.t0, chunkSize: count).map { try $0.get().key }
        #expect(Set(keys).count == count)
        let audit = try store.auditRecords(runID: run)
        #expect(audit.map(\.username) == ops.map(\.username))
        #expect(audit.map(\.accountKey) == keys)
        let ledger = Dictionary(uniqueKeysWithValues: try store.readLedger().map { ($0.identity, $0.accountKey) })
        #expect(ops.map { ledger[$0.identity!] } == keys)
        #expect(try store.readAccounts().map(\.key) == keys)  // usernames sort as the ops do
    }

    @Test func replayedBatchDoesNotDuplicate() throws {
        let store = try StateStore.inMemory()
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let ops = (0..<50).map { Fixtures.create("user\($0)") }
        let first = try store.applyBatch(ops, runID: run, at: Fixtures.t0).map { try $0.get().key }
        let second = try store.applyBatch(ops, runID: run, at: Fixtures.t0).map { try $0.get().key }
        #expect(first == second)
        #expect(try store.rowCount("accounts") == 50)
        #expect(try store.rowCount("ledger") == 50)
        #expect(try store.rowCount("audit") == 100)
    }

    /// 100k creates in one batch: asserts counts only. Time it with
    /// `DIRSYNC_STORE_BIG=1 swift test --filter BatchTests` (the time is printed).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DIRSYNC_STORE_BIG"] != nil))
    func hundredThousandCreates() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: folder.appendingPathComponent("state.sqlite").path)
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        let ops = (0..<100_000).map {
            Fixtures.create("user\($0)", roles: ["asm-users", "viewer"], projects: ["apollo": .all], tags: ["US"])
        }
        let clock = ContinuousClock()
        var results: [Result<StoreApplied, StoreError>] = []
        let applied = try clock.measure { results = try store.applyBatch(ops, runID: run, at: Fixtures.t0) }
        var accounts: [Account] = []
        let read = try clock.measure { accounts = try store.readAccounts() }
        print("100k creates: applyBatch \(applied), readAccounts \(read)")
        #expect(results.count == 100_000)
        #expect(accounts.count == 100_000)
        #expect(try store.rowCount("audit") == 100_000)
        #expect(try store.rowCount("account_roles") == 200_000)
    }
}
