import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct OperationTests {
    let store: StateStore
    let run: Int64

    init() throws {
        store = try StateStore.inMemory()
        run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
    }

    @Test func createInsertsAccountMembershipsAndLedger() throws {
        let key = try store.apply(
            Fixtures.create(
                "alice", roles: ["viewer", "editor"], projects: ["apollo": .all, "gemini": .readOnly], tags: ["US"]),
            runID: run, at: Fixtures.t0)
        let accounts = try store.readAccounts()
        #expect(
            accounts == [
                Account(
                    key: key, username: "alice", email: "alice@example.com", displayName: "Alice", status: .active,
                    roles: ["editor", "viewer"], projects: ["apollo": .all, "gemini": .readOnly], tags: ["US"])
            ])
        #expect(try store.readLedger() == [LedgerEntry(identity: "id-alice", accountKey: key)])
        #expect(try store.rowCount("account_projects") == 2)
    }

    @Test func updateRenamesAndSetsFullState() throws {
        let key = try store.apply(Fixtures.create("alice"), runID: run, at: Fixtures.t0)
        let returned = try store.apply(
            Fixtures.op(
                .update, "alice2", key: key, identity: "id-alice", email: "a2@example.com", roles: ["editor"],
                projects: ["gemini": .readOnly], tags: ["EU"]),
            runID: run, at: Fixtures.t0)
        #expect(returned == key)
        let account = try #require(try store.readAccounts().first)
        #expect(account.username == "alice2")
        #expect(account.email == "a2@example.com")
        #expect(account.roles == ["editor"])
        #expect(account.projects == ["gemini": .readOnly])
        #expect(account.tags == ["EU"])
        #expect(account.displayName == nil)  // the op is the complete state: a name it leaves out is cleared
        #expect(try store.rowCount("account_projects") == 1)
    }

    /// A cleared email (under `match_by: username`) and display name take effect, so the
    /// next plan does not clear them again.
    @Test func updateWithoutEmailOrDisplayNameClearsThem() throws {
        let key = try store.apply(Fixtures.create("alice"), runID: run, at: Fixtures.t0)
        var op = Fixtures.op(.update, "alice", key: key, identity: "id-alice", roles: ["viewer"], projects: [:], tags: [])
        op.email = nil
        try store.apply(op, runID: run, at: Fixtures.t0)
        let account = try #require(try store.readAccounts().first)
        #expect(account.email == nil)
        #expect(account.displayName == nil)
        #expect(try store.auditRecords(runID: run).last?.after?.displayName == nil)
    }

    /// `on_deactivate: remove_projects`: the deactivation removes the memberships it lists.
    @Test func deactivateRemovesTheProjectsItLists() throws {
        let key = try store.apply(
            Fixtures.create("ivan", projects: ["apollo": .all, "gemini": .readOnly]), runID: run, at: Fixtures.t0)
        var op = Fixtures.op(.deactivate, "ivan", key: key, identity: "id-ivan")
        op.changes = Changes(projectsRemoved: ["apollo", "gemini"])
        try store.apply(op, runID: run, at: Fixtures.t0)
        let account = try #require(try store.readAccounts().first)
        #expect(account.status == .inactive)
        #expect(account.projects == [:])
        #expect(account.roles == ["viewer"])
        #expect(try store.rowCount("account_projects") == 0)
        #expect(try store.auditRecords(runID: run).last?.after?.projects == [:])
    }

    @Test func deactivateThenReactivateKeepsLedgerGoneSince() throws {
        let key = try store.apply(Fixtures.create("bob"), runID: run, at: Fixtures.t0)
        let gone = Fixtures.t0.addingTimeInterval(60)
        try store.updateLedger([LedgerEntry(identity: "id-bob", accountKey: key, goneSince: gone)])

        try store.apply(Fixtures.op(.deactivate, "bob", key: key), runID: run, at: Fixtures.t0)
        #expect(try store.readAccounts().map(\.status) == [.inactive])
        #expect(try store.readLedger().first?.goneSince == gone)
        #expect(try store.readAccounts().first?.roles == ["viewer"])

        try store.apply(
            Fixtures.op(.reactivate, "bob", key: key, identity: "id-bob", roles: ["viewer"], projects: [:], tags: []),
            runID: run, at: Fixtures.t0)
        #expect(try store.readAccounts().map(\.status) == [.active])
        #expect(try store.readLedger().first?.goneSince == nil)
        #expect(try store.rowCount("account_projects") == 0)
    }

    @Test func deleteRemovesMembershipsAccountAndLedger() throws {
        let key = try store.apply(
            Fixtures.create("carol", projects: ["apollo": .all, "gemini": .readOnly], tags: ["US"]), runID: run,
            at: Fixtures.t0)
        let other = try store.apply(Fixtures.create("dave"), runID: run, at: Fixtures.t0)
        #expect(try store.rowCount("account_projects") == 3)

        try store.apply(Fixtures.op(.delete, "carol", key: key, identity: "id-carol"), runID: run, at: Fixtures.t0)
        #expect(try store.readAccounts().map(\.username) == ["dave"])
        #expect(try store.rowCount("account_projects") == 1)
        #expect(try store.rowCount("account_roles") == 1)
        #expect(try store.rowCount("account_tags") == 0)
        #expect(try store.readLedger() == [LedgerEntry(identity: "id-dave", accountKey: other)])
    }

    @Test func usernameTakenByAnotherAccountFailsAndRecordsNothing() throws {
        try store.insertUnmanagedAccount(
            Account(key: "", username: "Erin", email: "erin@corp.example", displayName: nil, status: .active))
        let before = try store.readAccounts()

        #expect(throws: StoreError.self) {
            try store.apply(Fixtures.create("erin"), runID: run, at: Fixtures.t0)
        }
        #expect(try store.readAccounts() == before)
        #expect(try store.readLedger().isEmpty)
        #expect(try store.auditRecords(runID: run).isEmpty)
        #expect(try store.rowCount("account_projects") == 0)
    }

    @Test func renameOntoTakenUsernameFails() throws {
        let key = try store.apply(Fixtures.create("frank"), runID: run, at: Fixtures.t0)
        try store.apply(Fixtures.create("grace"), runID: run, at: Fixtures.t0)
        let error = try #require(throws: StoreError.self) {
            try store.apply(Fixtures.op(.update, "GRACE", key: key), runID: run, at: Fixtures.t0)
        }
        #expect(error.message.contains("already taken"))
        #expect(try store.readAccounts().map(\.username) == ["frank", "grace"])
    }

    @Test func replayedCreateDoesNotDuplicate() throws {
        let first = try store.apply(Fixtures.create("heidi"), runID: run, at: Fixtures.t0)
        let second = try store.apply(Fixtures.create("heidi", roles: ["editor"]), runID: run, at: Fixtures.t0)
        #expect(second == first)
        #expect(try store.readAccounts().count == 1)
        #expect(try store.readAccounts().first?.roles == ["editor"])
        #expect(try store.readLedger().count == 1)
        let audit = try store.auditRecords(runID: run)
        #expect(audit.map(\.result) == ["applied", "applied"])
        #expect(audit.last?.note?.contains("replayed create") == true)
    }

    @Test(arguments: [AccountOperation.Action.deactivate, .delete])
    func unmanagedAccountsAreNeverDeactivatedOrDeleted(action: AccountOperation.Action) throws {
        let key = try store.insertUnmanagedAccount(
            Account(key: "", username: "manual", email: nil, displayName: nil, status: .active, roles: ["admin"]))
        let error = try #require(throws: StoreError.self) {
            try store.apply(Fixtures.op(action, "manual", key: key), runID: run, at: Fixtures.t0)
        }
        #expect(error.message.contains("does not manage"))
        #expect(try store.readAccounts().map(\.status) == [.active])
        #expect(try store.rowCount("account_roles") == 1)
    }

    @Test func replayedDeleteIsApplied() throws {
        let key = try store.apply(Fixtures.create("ivan"), runID: run, at: Fixtures.t0)
        let delete = Fixtures.op(.delete, "ivan", key: key, identity: "id-ivan")
        try store.apply(delete, runID: run, at: Fixtures.t0)
        try store.apply(delete, runID: run, at: Fixtures.t0)
        #expect(try store.readAccounts().isEmpty)
        #expect(try store.auditRecords(runID: run).last?.note?.contains("already gone") == true)
    }

    @Test func updateOfMissingAccountFailsWithAHint() throws {
        let error = try #require(throws: StoreError.self) {
            try store.apply(Fixtures.op(.update, "nobody", key: "no-such-key"), runID: run, at: Fixtures.t0)
        }
        #expect(error.message.contains("dirsync plan"))
        #expect(try store.auditRecords(runID: run).isEmpty)
    }

    @Test func storeTargetReadsTheSameAccounts() async throws {
        try store.apply(Fixtures.create("judy"), runID: run, at: Fixtures.t0)
        let target = StoreTarget(store: store)
        #expect(try await target.readAccounts() == (try store.readAccounts()))
        #expect(try await target.readAccounts().count == 1)
    }
}
