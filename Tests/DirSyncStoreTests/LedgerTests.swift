import DirSyncCore
import Foundation
import Testing

@testable import DirSyncStore

@Suite struct LedgerTests {
    @Test func updateLedgerUpsertsByIdentity() throws {
        let store = try StateStore.inMemory()
        try store.updateLedger([
            LedgerEntry(identity: "b", accountKey: "k2"),
            LedgerEntry(identity: "a", accountKey: "k1"),
        ])
        let gone = Fixtures.t0
        try store.updateLedger([LedgerEntry(identity: "a", accountKey: "k1", goneSince: gone)])
        #expect(
            try store.readLedger() == [
                LedgerEntry(identity: "a", accountKey: "k1", goneSince: gone),
                LedgerEntry(identity: "b", accountKey: "k2"),
            ])
        try store.updateLedger([LedgerEntry(identity: "a", accountKey: "k9")])
        #expect(try store.readLedger().first == LedgerEntry(identity: "a", accountKey: "k9"))
        try store.removeLedgerEntries(identities: ["b", "unknown"])
        #expect(try store.readLedger().map(\.identity) == ["a"])
    }

    @Test func adoptingAnUnmanagedAccountByUpdate() throws {
        let store = try StateStore.inMemory()
        let key = try store.insertUnmanagedAccount(
            Account(key: "", username: "zoe", email: "zoe@example.com", displayName: "Zoe", status: .active))
        #expect(try store.readLedger().isEmpty)
        let run = try store.beginRun(trigger: "test", startedAt: Fixtures.t0)
        try store.apply(
            Fixtures.op(.update, "zoe", key: key, identity: "id-zoe", roles: ["viewer"]), runID: run, at: Fixtures.t0)
        #expect(try store.readLedger() == [LedgerEntry(identity: "id-zoe", accountKey: key)])
        #expect(try store.readAccounts().first?.roles == ["viewer"])
    }
}
