import DirSyncCore
import Foundation
import Yams

/// Reads `dirsync.yaml` into `DirSyncSettings`, collecting every problem. Also yields the
/// mappings path on its own, so that `validate` can check the mapping files even when
/// something else in the config is wrong.
struct SettingsParser {
    static let topKeys = ["version", "state", "mappings", "match_by", "sources", "target", "lifecycle", "safety", "server"]

    struct Result {
        var settings: DirSyncSettings?
        var mappingsPath: String?
    }

    /// `path` is shown in problems as given; settings carry it absolute.
    static func parse(path: String, environment: [String: String], diagnostics: Diagnostics) -> Result {
        let absolute = SettingsContext.resolve(path, against: FileManager.default.currentDirectoryPath)
        let base = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        let reader = YAMLReader(file: path, diagnostics: diagnostics, environment: environment)
        let context = SettingsContext(reader: reader, baseDirectory: base, environment: environment)
        let defaultMappings = SettingsContext.resolve("./mappings", against: base)

        guard let text = FileText.read(path: absolute, shownAs: path, what: "config file", diagnostics: diagnostics,
                                       hint: "pass --config PATH or create dirsync.yaml") else { return Result() }
        let problemsBefore = diagnostics.problems.count
        guard let root = reader.parse(text) else {
            if diagnostics.problems.count == problemsBefore {
                reader.report("the config file is empty; it needs at least sources:", at: nil as SourceLocation?)
            }
            return Result()
        }
        guard let fields = reader.fields(root, in: "the config file", allowed: topKeys) else { return Result() }

        if let node = fields["version"] { VersionCheck.check(node, reader: reader) }
        var result = Result()
        var statePath = SettingsContext.resolve("./dirsync.sqlite", against: base)
        var ok = true
        if let node = fields["state"] { if let p = context.path(node) { statePath = p } else { ok = false } }
        result.mappingsPath = defaultMappings
        if let node = fields["mappings"] {
            result.mappingsPath = context.path(node)
            if result.mappingsPath == nil { ok = false }
        }
        var matchBy = MatchBy.email
        if let node = fields["match_by"] {
            if let v = reader.choice(node, ["email", "username"]) { matchBy = MatchBy(rawValue: v)! } else { ok = false }
        }
        let sources = SourceParser(context: context).sources(fields["sources"], parent: root)
        let policies = PolicyParser(context: context)
        let target = TargetParser(context: context).target(fields["target"])
        let lifecycle = policies.lifecycle(fields["lifecycle"])
        let safety = policies.safety(fields["safety"])
        let server = policies.server(fields["server"])
        guard ok, diagnostics.problems.count == problemsBefore, let sources, let target, let lifecycle, let safety, let server,
              let mappingsPath = result.mappingsPath else { return result }
        result.settings = DirSyncSettings(
            configPath: absolute, statePath: statePath, mappingsPath: mappingsPath, matchBy: matchBy,
            sources: sources, target: target, lifecycle: lifecycle, safety: safety, server: server
        )
        return result
    }
}
