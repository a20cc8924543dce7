import DirSyncCore
import Foundation

/// The daemon's credentials, read from the files `server:` names, at start and on reload.
public struct ServerSecrets: Sendable {
    public var webhooks: WebhookSecrets
    public var apiToken: Secret?

    public init(webhooks: WebhookSecrets = WebhookSecrets(), apiToken: Secret? = nil) {
        self.webhooks = webhooks
        self.apiToken = apiToken
    }

    /// Reads every configured secret file; throws every problem at once, each naming the
    /// key and the file, never the content.
    public static func load(_ server: ServerSettings) throws -> ServerSecrets {
        var problems: [String] = []
        var secrets = ServerSecrets()
        if let path = server.webhookSecretFile, let text = read(path, key: "webhook_secret_file", into: &problems) {
            secrets.webhooks.dirsync = Array(text.utf8)
        }
        if let path = server.standardWebhookSecretFile,
            let text = read(path, key: "standard_webhook_secret_file", into: &problems)
        {
            if let key = WebhookSecrets.standardKey(text) {
                secrets.webhooks.standard = key
            } else {
                problems.append(
                    "server.standard_webhook_secret_file '\(path)' does not hold a whsec_<base64> secret; copy the "
                        + "signing secret your webhook sender shows")
            }
        }
        if let path = server.apiTokenFile, let text = read(path, key: "api_token_file", into: &problems) {
            secrets.apiToken = Secret(text)
        }
        guard problems.isEmpty else { throw ServerSetupError(problems) }
        return secrets
    }

    private static func read(_ path: String, key: String, into problems: inout [String]) -> String? {
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
            let why = FileManager.default.fileExists(atPath: path) ? "is not readable by this user" : "does not exist"
            problems.append("server.\(key) '\(path)' \(why); create it or fix its permissions")
            return nil
        }
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else {
            problems.append("server.\(key) '\(path)' is empty; put the secret in it")
            return nil
        }
        return text
    }
}
