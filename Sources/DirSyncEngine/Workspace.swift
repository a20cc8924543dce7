import DirSyncConfig
import DirSyncCore
import Foundation
import Logging

/// A loaded configuration plus the mapping set in force: what every command starts from.
///
/// Loading validates everything up front; any problem ends the command with exit 1 before
/// a source is contacted.
public struct Workspace: Sendable {
    public var settings: DirSyncSettings
    public var mapping: MappingSet
    public var logger: Logger

    public init(settings: DirSyncSettings, mapping: MappingSet, logger: Logger) {
        self.settings = settings
        self.mapping = mapping
        self.logger = logger
    }

    /// Loads and validates the config (and `mappingOverride` instead of the configured mappings).
    public static func load(configPath: String, mappingOverride: String? = nil, logger: Logger) throws -> Workspace {
        do {
            let (settings, mapping) = try ConfigLoader.load(
                configPath: configPath, mappingOverride: mappingOverride,
                environment: ProcessInfo.processInfo.environment
            )
            return Workspace(settings: settings.reading(mapping.referencedAttributes), mapping: mapping, logger: logger)
        } catch let errors as ConfigErrors {
            throw DirSyncFailure(.invalidInput, errors.description)
        } catch let problem as ConfigProblem {
            throw DirSyncFailure(.invalidInput, problem.description)
        }
    }

    /// Reads sources, accounts and ledger; merges the directory into people.
    public func readWorld() async throws -> World {
        // The target is read while the directory streams in and is merged: they do not
        // depend on each other, and at 100k accounts each takes a good part of a second.
        let settings = self.settings
        var stages = StageClock(logger: logger)
        let logger = self.logger
        let accountRead = Task.detached {
            var clock = StageClock(logger: logger)
            let read = try AccountReader.read(settings)
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
        // directory is merged on the other: neither needs the other, and each takes
        // ~0.1 s at 100k accounts. Started only now, so as not to slow the read.
        let matchBy = settings.matchBy
        let targetBuild = Task.detached {
            let read = try await accountRead.value
            return TargetIndex(accounts: read.accounts, ledger: read.ledger, matchBy: matchBy)
        }
        let emptySources = snapshots.filter { $0.users.isEmpty }.map(\.source)
        let index = PeopleIndex(
            snapshots: snapshots, matchBy: settings.matchBy,
            nestedSources: SourceFactory.nestedSources(settings.sources)
        )
        stages.lap("merged \(index.people.count) people")
        let target = try await targetBuild.value
        stages.lap("waited for \(target.accounts.count) accounts")
        return World(emptySources: emptySources, index: index, target: target, snapshots: snapshots)
    }

    /// Reads the world and plans against it.
    public func plan(now: Date = Date()) async throws -> (World, Planning) {
        let world = try await readWorld()
        var stages = StageClock(logger: logger)
        let planning = Planning(world: world, mapping: mapping, settings: settings, now: now)
        stages.lap("mapped and planned \(planning.plan.operations.count) operations")
        for warning in planning.plan.warnings { logger.warning("\(warning)") }
        return (world, planning)
    }
}

extension DirSyncSettings {
    /// Every LDAP and LDIF source also reads the attributes the mapping's rules test.
    func reading(_ attributes: Set<String>) -> DirSyncSettings {
        guard !attributes.isEmpty else { return self }
        var settings = self
        settings.sources = sources.map { source in
            var source = source
            switch source.kind {
            case .ldap(var s):
                s.users = s.users.reading(attributes)
                source.kind = .ldap(s)
            case .ldif(var s):
                s.users = s.users.reading(attributes)
                source.kind = .ldif(s)
            case .scim: break
            }
            return source
        }
        return settings
    }
}
