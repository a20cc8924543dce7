import DirSyncCore
import Yams

/// Reads `lifecycle:`, `safety:` and `server:`: the knobs that decide how much a sync may
/// do and when it runs.
struct PolicyParser {
    let context: SettingsContext
    var reader: YAMLReader { context.reader }

    func lifecycle(_ node: Node?) -> LifecycleSettings? {
        guard let node else { return LifecycleSettings() }
        guard let fields = reader.fields(node, in: "lifecycle", allowed: ["delete_after", "on_deactivate"]) else { return nil }
        var settings = LifecycleSettings()
        if let n = fields["delete_after"] {
            guard let text = reader.string(n, expected: "a duration, 0 or never") else { return nil }
            if text.lowercased() == "never" {
                settings.deleteAfter = .never
            } else if let seconds = DurationParser.seconds(text) {
                settings.deleteAfter = .after(seconds: seconds)
            } else {
                reader.report("delete_after '\(text)' is not a duration; write e.g. 30d, 0 (delete at once) or never", at: n)
                return nil
            }
        }
        if let n = fields["on_deactivate"] {
            let choices = LifecycleSettings.OnDeactivate.allCases.map(\.rawValue)
            guard let text = reader.choice(n, choices), let choice = LifecycleSettings.OnDeactivate(rawValue: text) else { return nil }
            settings.onDeactivate = choice
        }
        return settings
    }

    func safety(_ node: Node?) -> SafetySettings? {
        guard let node else { return SafetySettings() }
        guard let fields = reader.fields(node, in: "safety", allowed: ["max_deactivations", "max_deletions", "max_access_removals"]) else { return nil }
        var settings = SafetySettings()
        var ok = true
        if let n = fields["max_deactivations"] { if let l = limit(n, key: "max_deactivations") { settings.maxDeactivations = l } else { ok = false } }
        if let n = fields["max_deletions"] { if let l = limit(n, key: "max_deletions") { settings.maxDeletions = l } else { ok = false } }
        if let n = fields["max_access_removals"] { if let l = limit(n, key: "max_access_removals") { settings.maxAccessRemovals = l } else { ok = false } }
        return ok ? settings : nil
    }

    /// A non-negative count (`25`) or a percentage of the managed accounts (`10%`).
    private func limit(_ node: Node, key: String) -> SafetySettings.Limit? {
        guard let text = reader.string(node, expected: "a number or a percentage") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            if let p = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), p >= 0, p <= 100 { return .percent(p) }
        } else if let n = Int(trimmed), n >= 0 {
            return .count(n)
        }
        reader.report("\(key) '\(text)' must be a number of accounts (e.g. 25) or a percentage from 0% to 100% (e.g. 10%)", at: node)
        return nil
    }

    func server(_ node: Node?) -> ServerSettings? {
        guard let node else { return ServerSettings() }
        let keys = [
            "listen", "schedule", "random_delay", "webhook_secret_file", "standard_webhook_secret_file", "api_token_file",
        ]
        guard let fields = reader.fields(node, in: "server", allowed: keys) else { return nil }
        var settings = ServerSettings()
        var ok = true
        if let n = fields["listen"] {
            if let v = reader.nonEmptyString(n, what: "listen") {
                if let colon = v.lastIndex(of: ":"), let port = Int(v[v.index(after: colon)...]), (0...65_535).contains(port) {
                    settings.listen = v
                } else {
                    reader.report("listen '\(v)' must be HOST:PORT, e.g. 127.0.0.1:8089", at: n)
                    ok = false
                }
            } else { ok = false }
        }
        if let n = fields["schedule"] {
            if let v = reader.nonEmptyString(n, what: "schedule") {
                do {
                    _ = try CronExpression(v)
                    settings.schedule = v
                } catch {
                    reader.report("\(error)", at: n)
                    ok = false
                }
            } else { ok = false }
        }
        if let n = fields["random_delay"] {
            if let text = reader.string(n, expected: "a duration") {
                if let seconds = DurationParser.seconds(text) {
                    settings.randomDelay = seconds
                } else {
                    reader.report("random_delay '\(text)' is not a duration; write e.g. 10m, 90s or 1h (0 for none)", at: n)
                    ok = false
                }
            } else { ok = false }
        }
        if let n = fields["webhook_secret_file"] { if let p = context.path(n) { settings.webhookSecretFile = p } else { ok = false } }
        if let n = fields["standard_webhook_secret_file"] {
            if let p = context.path(n) { settings.standardWebhookSecretFile = p } else { ok = false }
        }
        if let n = fields["api_token_file"] { if let p = context.path(n) { settings.apiTokenFile = p } else { ok = false } }
        return ok ? settings : nil
    }
}
