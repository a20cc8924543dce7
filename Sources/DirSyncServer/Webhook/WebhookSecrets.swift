import Foundation

/// The keys that webhook signatures are checked with; a scheme whose secret is not
/// configured accepts nothing.
public struct WebhookSecrets: Sendable {
    /// HMAC key of dirsync's own scheme: the secret file's bytes.
    public var dirsync: [UInt8]?
    /// HMAC key of Standard Webhooks: the base64-decoded part of `whsec_<base64>`.
    public var standard: [UInt8]?

    public init(dirsync: [UInt8]? = nil, standard: [UInt8]? = nil) {
        self.dirsync = dirsync
        self.standard = standard
    }

    /// The Standard Webhooks key of a `whsec_<base64>` secret (the prefix is optional, as in
    /// the reference libraries), or nil when the rest is not base64.
    public static func standardKey(_ secret: String) -> [UInt8]? {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst("whsec_".count)) : secret
        guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else { return nil }
        return Array(bytes)
    }
}
