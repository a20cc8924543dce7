import Crypto
import DirSyncCore
import Foundation

/// Decides whether a `POST /v1/sync` delivery really comes from a sender holding one of the
/// configured secrets, before anything else about it is read or started (contract section 6).
///
/// Pure: the headers, the raw body and the clock go in, a verdict comes out, so every case
/// (good, wrong, missing, stale, future) is tested with plain values. MACs are compared by
/// swift-crypto's constant-time check, so a forger learns nothing from response times.
public struct WebhookVerifier: Sendable {
    public var secrets: WebhookSecrets
    /// How far a delivery's timestamp may be from now, either way.
    public var tolerance: TimeInterval

    public init(secrets: WebhookSecrets, tolerance: TimeInterval = 300) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// `header` answers a header by its lower-case name.
    public func verify(header: (String) -> String?, body: [UInt8], now: Date) -> WebhookVerdict {
        var reasons: [String] = []
        if let key = secrets.dirsync {
            switch verifyDirsync(key: SymmetricKey(data: key), header: header, body: body, now: now) {
            case .accepted(let scheme): return .accepted(scheme)
            case .rejected(let why): reasons.append(why)
            }
        }
        if let key = secrets.standard {
            switch verifyStandard(key: SymmetricKey(data: key), header: header, body: body, now: now) {
            case .accepted(let scheme): return .accepted(scheme)
            case .rejected(let why): reasons.append(why)
            }
        }
        if reasons.isEmpty { return .rejected("no webhook secret is configured; set server.webhook_secret_file") }
        return .rejected(reasons.joined(separator: "; "))
    }

    private func verifyDirsync(key: SymmetricKey, header: (String) -> String?, body: [UInt8], now: Date) -> WebhookVerdict {
        guard let timestamp = header("x-dirsync-timestamp"), let signature = header("x-dirsync-signature") else {
            return .rejected("dirsync signature: X-Dirsync-Timestamp or X-Dirsync-Signature missing")
        }
        if let stale = staleness(timestamp, now: now) { return .rejected("dirsync signature: \(stale)") }
        guard signature.hasPrefix("sha256="), let mac = Hex.decode(signature.dropFirst("sha256=".count)) else {
            return .rejected("dirsync signature: X-Dirsync-Signature is not sha256=<hex>")
        }
        let signed = Array("\(timestamp).".utf8) + body
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: key) else {
            return .rejected("dirsync signature: does not match")
        }
        return .accepted(.dirsync)
    }

    private func verifyStandard(key: SymmetricKey, header: (String) -> String?, body: [UInt8], now: Date) -> WebhookVerdict {
        guard let id = header("webhook-id"), let timestamp = header("webhook-timestamp"),
            let signatures = header("webhook-signature")
        else { return .rejected("standard webhook: webhook-id, webhook-timestamp or webhook-signature missing") }
        if let stale = staleness(timestamp, now: now) { return .rejected("standard webhook: \(stale)") }
        let signed = Array("\(id).\(timestamp).".utf8) + body
        for entry in signatures.split(separator: " ") {
            guard let comma = entry.firstIndex(of: ","), entry[..<comma] == "v1",
                let mac = Data(base64Encoded: String(entry[entry.index(after: comma)...]))
            else { continue }
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: key) {
                return .accepted(.standard(id: id))
            }
        }
        return .rejected("standard webhook: no v1 signature matches")
    }

    /// Why `timestamp` is unusable (not unix seconds, or outside the tolerance), or nil.
    private func staleness(_ timestamp: String, now: Date) -> String? {
        guard let seconds = Int64(timestamp.trimmingCharacters(in: .whitespaces)) else {
            return "timestamp is not unix seconds"
        }
        let skew = now.timeIntervalSince1970 - Double(seconds)
        if abs(skew) > tolerance {
            return "timestamp is \(Int(abs(skew))) s in the \(skew > 0 ? "past" : "future") (at most \(Int(tolerance)) s allowed)"
        }
        return nil
    }
}

/// How a delivery was judged; a rejection says why for the log, never with secret material.
public enum WebhookVerdict: Sendable, Equatable {
    case accepted(WebhookScheme)
    case rejected(String)
}

/// Which scheme vouched for a delivery; a Standard Webhooks one carries its id for replay checks.
public enum WebhookScheme: Sendable, Equatable {
    case dirsync
    case standard(id: String)
}
