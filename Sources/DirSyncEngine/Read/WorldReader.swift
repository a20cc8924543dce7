import DirSyncCore
import DirSyncStore
import Foundation

extension Workspace {
    /// Reads the sources, the target's accounts and the ledger, all of them completely, and
    /// merges the directory into people. Any incomplete read is exit 2, nothing changed.
    func readWorld(target: any AccountTarget, state: StateStore) async throws -> World {
        // The target is read while the directory streams in and is merged: they do not
        // depend on each other, and at scale each takes a good part of the run.
        let settings = self.settings
        let logger = self.logger
        var stages = StageClock(logger: logger)
        let accountRead = Task.detached {
            var clock = StageClock(logger: logger)
            let read = try await Self.readTarget(target, state: state, settings: settings)
            clock.lap("read \(read.accounts.count) accounts and \(read.ledger.count) ledger entries (process CPU)")
            return read
        }
        let snapshots: [DirectorySnapshot]
        do {
            snapshots = try await DirectoryReader.read(settings, logger: logger)
        } catch {
            _ = try? await accountRead.value
            throw error
        }
        stages.lap("read the sources")
        // The planner's lookups over the accounts are built on one core while the
        // directory is merged on the other. Started only now, so as not to slow the read.
        let matchBy = settings.matchBy
        let targetBuild = Task.detached {
            let read = try await accountRead.value
            return TargetIndex(accounts: read.accounts, ledger: read.ledger, matchBy: matchBy)
        }
        let emptySources = snapshots.filter { $0.users.isEmpty }.map(\.source)
        let index = PeopleIndex(
            snapshots: snapshots, matchBy: settings.matchBy,
            nestedSources: Set(settings.sources.filter(SourceFactory.nests).map(\.name)))
        stages.lap("merged \(index.people.count) people")
        let targetIndex = try await targetBuild.value
        stages.lap("waited for \(targetIndex.accounts.count) accounts")
        return World(emptySources: emptySources, index: index, target: targetIndex, snapshots: snapshots)
    }

    /// Every account of the target and every ledger entry, or exit 2.
    private static func readTarget(
        _ target: any AccountTarget, state: StateStore, settings: DirSyncSettings
    ) async throws -> (accounts: [Account], ledger: [LedgerEntry]) {
        let accounts: [Account]
        do {
            accounts = try await target.readAccounts()
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the target's accounts completely: \(error)\nNothing was changed.")
        }
        do {
            return (accounts, try state.readLedger())
        } catch {
            throw DirSyncFailure(.readFailed, "could not read the ledger from the state database \(settings.statePath): \(error)")
        }
    }
}
