import Foundation

/// The whole validated configuration (`dirsync.yaml`): every path absolute, every secret read.
///
/// Built by `DirSyncConfig` from the file; the rest of the program only ever sees this value,
/// never raw YAML.
public struct DirSyncSettings: Sendable {
    /// Absolute path of the config file it came from.
    public var configPath: String
    /// Absolute path of the SQLite state database.
    public var statePath: String
    /// Absolute path of the mapping file or folder.
    public var mappingsPath: String
    public var matchBy: MatchBy
    public var sources: [SourceSettings]
    public var target: TargetSettings
    public var lifecycle: LifecycleSettings
    public var safety: SafetySettings
    public var server: ServerSettings

    public init(
        configPath: String, statePath: String, mappingsPath: String, matchBy: MatchBy = .email,
        sources: [SourceSettings], target: TargetSettings = .store, lifecycle: LifecycleSettings = .init(),
        safety: SafetySettings = .init(), server: ServerSettings = .init()
    ) {
        self.configPath = configPath
        self.statePath = statePath
        self.mappingsPath = mappingsPath
        self.matchBy = matchBy
        self.sources = sources
        self.target = target
        self.lifecycle = lifecycle
        self.safety = safety
        self.server = server
    }
}

/// The key that joins one person's entries across sources and adopts existing accounts.
public enum MatchBy: String, Sendable, Hashable, Codable {
    case email
    case username

    /// The comparable form of a key: trimmed and lower-cased.
    public static func normalize(_ value: String) -> String {
        // Fast path (runs for every user and account): ASCII without surrounding whitespace.
        let (ascii, hasUpper) = ASCIICase.scan(value)
        if ascii {
            let utf8 = value.utf8
            let isSpace: (UInt8) -> Bool = { $0 == 32 || ($0 >= 9 && $0 <= 13) }
            if let first = utf8.first, let last = utf8.last, !isSpace(first), !isSpace(last) {
                return hasUpper ? ASCIICase.lowercased(value) : value
            }
            if utf8.isEmpty { return value }
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
