import DirSyncCore

/// Lists the target's accounts with whether dirsync manages each.
public enum AccountListing {
    public static func list(_ settings: DirSyncSettings) throws -> [AccountView] {
        let (accounts, ledger) = try AccountReader.read(settings)
        let managedKeys = Set(ledger.map(\.accountKey))
        return accounts.sorted { $0.username < $1.username }.map {
            AccountView(account: $0, managed: managedKeys.contains($0.key), showsKey: false)
        }
    }
}
