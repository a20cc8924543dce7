import DirSyncCore
import DirSyncStore

/// Lists the target's accounts with whether dirsync manages each, changing nothing.
public enum AccountListing {
    public static func list(_ workspace: Workspace) async throws -> [AccountView] {
        let settings = workspace.settings
        let state = try StateDatabase.openReadOnly(settings)
        let target = try TargetFactory.make(workspace, state: state)
        let accounts: [Account]
        let ledger: [LedgerEntry]
        do {
            accounts = try await target.readAccounts()
            ledger = try state.readLedger()
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the accounts: \(error)")
        }
        let managedKeys = Set(ledger.map(\.accountKey))
        return accounts.sorted { $0.username < $1.username }.map {
            AccountView(account: $0, managed: managedKeys.contains($0.key), showsKey: false)
        }
    }
}
