import DirSyncCore
import Foundation
import Yams

/// What reading `dirsync.yaml` needs beyond YAML: the folder relative paths start from,
/// the environment, and the file system for secrets.
struct SettingsContext {
    let reader: YAMLReader
    /// Absolute folder of the config file.
    let baseDirectory: String
    let environment: [String: String]

    /// A path value resolved against the config file's folder (`~/` expands to the home folder).
    func path(_ node: Node) -> String? {
        guard let text = reader.nonEmptyString(node, what: "the path") else { return nil }
        return SettingsContext.resolve(text, against: baseDirectory)
    }

    static func resolve(_ path: String, against base: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/") { path = NSString(string: path).expandingTildeInPath }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: base).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// A path to a file that must exist and be readable now (CA bundle, LDIF export).
    func readablePath(_ node: Node, what: String) -> String? {
        guard let path = path(node) else { return nil }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            reader.report("\(what) '\(path)' does not exist; check the path (relative paths start at the config file's folder)", at: node)
            return nil
        }
        if isDirectory.boolValue {
            reader.report("\(what) '\(path)' is a folder; give the path of a file", at: node)
            return nil
        }
        if !FileManager.default.isReadableFile(atPath: path) {
            reader.report("\(what) '\(path)' is not readable by this user; fix its permissions", at: node)
            return nil
        }
        return path
    }

    /// A secret from `<fileKey>` (a file whose trailing newline is dropped) or `<envKey>`
    /// (the name of an environment variable). Never both. Returns nil when neither is set
    /// (anonymous bind, no token) or after reporting a problem.
    func secret(_ fields: Fields, fileKey: String, envKey: String, context: String) -> Secret? {
        if fields.has(fileKey), fields.has(envKey) {
            reader.report("set \(fileKey) or \(envKey) in \(context), not both", at: fields.keyNode(envKey)!)
            return nil
        }
        if let node = fields[fileKey] {
            guard let path = path(node) else { return nil }
            return readSecret(path: path, key: fileKey, at: fields.keyNode(fileKey) ?? node)
        }
        if let node = fields[envKey] {
            guard let name = reader.nonEmptyString(node, what: envKey) else { return nil }
            guard let value = environment[name] else {
                reader.report("environment variable \(name) is not set (named by \(envKey)); export it or use \(fileKey)", at: node)
                return nil
            }
            if value.isEmpty {
                reader.report("environment variable \(name) is empty (named by \(envKey))", at: node)
                return nil
            }
            return Secret(value)
        }
        return nil
    }

    /// Reads a secret file; a problem is reported at `node` (the key) and names the file,
    /// never its content.
    func readSecret(path: String, key: String, at node: Node) -> Secret? {
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "is not readable by this user; fix its permissions" : "does not exist"
            reader.report("\(key) '\(path)' \(why)", at: node)
            return nil
        }
        guard var text = String(data: data, encoding: .utf8) else {
            reader.report("\(key) '\(path)' is not UTF-8 text", at: node)
            return nil
        }
        while text.hasSuffix("\n") || text.hasSuffix("\r") || text.hasSuffix("\r\n") { text.removeLast() }
        if text.isEmpty {
            reader.report("\(key) '\(path)' is empty; write the secret into it", at: node)
            return nil
        }
        return Secret(text)
    }

    /// A duration in seconds, greater than zero unless `allowZero`.
    func duration(_ node: Node, what: String, allowZero: Bool = false) -> Double? {
        guard let text = reader.string(node, expected: "a duration such as 30s, 15m, 12h or 30d") else { return nil }
        guard let seconds = DurationParser.seconds(text) else {
            reader.report("\(what) '\(text)' is not a duration; write e.g. 90s, 15m, 12h or 30d", at: node)
            return nil
        }
        if seconds == 0, !allowZero {
            reader.report("\(what) must be more than 0", at: node)
            return nil
        }
        return seconds
    }
}
