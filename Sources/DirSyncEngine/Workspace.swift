import DirSyncConfig
import DirSyncCore
import DirSyncStore
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
    /// The process environment, for adapters that take tuning from it (`TargetFactory`).
    public var environment: [String: String]

    public init(
        settings: DirSyncSettings, mapping: MappingSet, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.settings = settings
        self.mapping = mapping
        self.logger = logger
        self.environment = environment
    }

    /// Loads and validates the config (and `mappingOverride` instead of the configured mappings).
    public static func load(configPath: String, mappingOverride: String? = nil, logger: Logger) throws -> Workspace {
        let environment = ProcessInfo.processInfo.environment
        do {
            var (settings, mapping) = try ConfigLoader.load(
                configPath: configPath, mappingOverride: mappingOverride, environment: environment)
            // Every source also reads the attributes the mapping's rules test.
            settings.sources = settings.sources.map { SourceFactory.reading(mapping.referencedAttributes, from: $0) }
            return Workspace(settings: settings, mapping: mapping, logger: logger, environment: environment)
        } catch let errors as ConfigErrors {
            throw DirSyncFailure(.invalidInput, errors.description)
        } catch let problem as ConfigProblem {
            throw DirSyncFailure(.invalidInput, problem.description)
        }
    }

    /// Plans without changing anything (`plan`, `explain`): the state database is opened
    /// read-only, or read as empty when there is none yet.
    public func plan(now: Date = Date()) async throws -> (World, Planning) {
        let state = try StateDatabase.openReadOnly(settings)
        let target = try TargetFactory.make(self, state: state)
        return try await plan(target: target, state: state, now: now)
    }

    /// Reads the world through `target` and `state` and plans against it.
    func plan(target: any AccountTarget, state: StateStore, now: Date) async throws -> (World, Planning) {
        let world = try await readWorld(target: target, state: state)
        return (world, plan(world, now: now))
    }

    /// Maps and plans an already read world.
    func plan(_ world: World, now: Date) -> Planning {
        var stages = StageClock(logger: logger)
        let planning = Planning(world: world, mapping: mapping, settings: settings, now: now)
        stages.lap("mapped and planned \(planning.plan.operations.count) operations")
        for warning in planning.plan.warnings { logger.warning("\(warning)") }
        return planning
    }
}
