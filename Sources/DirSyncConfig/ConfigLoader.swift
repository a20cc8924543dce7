import DirSyncCore
import Foundation

/// The one way into the configuration: files in, validated values out, or every problem
/// at once as `ConfigErrors` (`FILE:LINE:COL: message` per line).
public enum ConfigLoader {
    /// Loads dirsync.yaml: expands `${NAME}` from `environment`, resolves relative paths
    /// against the config file's folder, reads secret files. Collects every problem, then
    /// throws `ConfigErrors` if any.
    public static func loadSettings(path: String, environment: [String: String]) throws -> DirSyncSettings {
        let diagnostics = Diagnostics()
        let result = SettingsParser.parse(path: path, environment: environment, diagnostics: diagnostics)
        try diagnostics.throwIfAny()
        guard let settings = result.settings else {
            throw ConfigErrors(problems: [ConfigProblem(file: path, message: "the config could not be read")])
        }
        return settings
    }

    /// Loads a mapping file or a folder (every `*.yaml` / `*.yml` in name order), merged.
    /// Collects every problem. Problems name the mapping files by the path as given here.
    public static func loadMappings(path: String) throws -> MappingSet {
        let diagnostics = Diagnostics()
        let set = MappingLoader.load(path: path, diagnostics: diagnostics)
        try diagnostics.throwIfAny()
        return set
    }

    /// Both, reporting the problems of both files at once (`dirsync validate`, `plan`);
    /// `mappingOverride` (plan `--mapping`, relative to the working folder) replaces
    /// `settings.mappingsPath`.
    public static func load(configPath: String, mappingOverride: String?, environment: [String: String]) throws -> (DirSyncSettings, MappingSet) {
        let diagnostics = Diagnostics()
        let result = SettingsParser.parse(path: configPath, environment: environment, diagnostics: diagnostics)
        var settings = result.settings
        let mappingsPath = mappingOverride.map { SettingsContext.resolve($0, against: FileManager.default.currentDirectoryPath) } ?? result.mappingsPath
        var mappings = MappingSet()
        if let mappingsPath {
            mappings = MappingLoader.load(path: mappingsPath, diagnostics: diagnostics)
            settings?.mappingsPath = mappingsPath
        }
        try diagnostics.throwIfAny()
        guard let settings else {
            throw ConfigErrors(problems: [ConfigProblem(file: configPath, message: "the config could not be read")])
        }
        return (settings, mappings)
    }
}
