import DirSyncCore
import Foundation
import GRDB

extension StateStore {
    /// Every account of the embedded store, managed or not: sorted by username, roles and
    /// tags sorted, so two reads of the same state compare equal.
    public func readAccounts() throws -> [Account] {
        try read("accounts") { db in try AccountTables.all(db) }
    }

    /// Inserts an account dirsync does not manage (it gets no ledger entry), as an application
    /// user created by hand would be: for tests and adoption scenarios. An empty key gets a
    /// generated one. Returns the key.
    @discardableResult
    func insertUnmanagedAccount(_ account: Account) throws -> String {
        var account = account
        if account.key.isEmpty { account.key = AccountKey.make() }
        account.roles = Array(Set(account.roles)).sorted()
        account.tags = Array(Set(account.tags)).sorted()
        let inserted = account
        try write("inserting account '\(account.username)'") { db in try AccountTables.insert(db, inserted) }
        return account.key
    }
}
