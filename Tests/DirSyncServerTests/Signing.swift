import Crypto
import Foundation
import Hummingbird

typealias FieldName = HTTPFields.Element.Name

/// Signs test deliveries the way senders do (checked against the reference library's vectors
/// in `WebhookVerifierTests`).
enum Signing {
    static func dirsync(_ body: String, secret: String = ServerFixture.dirsyncSecret, at date: Date = Date()) -> HTTPFields {
        let timestamp = "\(Int(date.timeIntervalSince1970))"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        var fields = HTTPFields()
        fields[FieldName("X-Dirsync-Timestamp")!] = timestamp
        fields[FieldName("X-Dirsync-Signature")!] = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        return fields
    }

    static func standard(_ body: String, id: String, whsec: String = ServerFixture.whsec, at date: Date = Date()) -> HTTPFields {
        let timestamp = "\(Int(date.timeIntervalSince1970))"
        let key = SymmetricKey(data: Data(base64Encoded: String(whsec.dropFirst("whsec_".count)))!)
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(id).\(timestamp).\(body)".utf8), using: key)
        var fields = HTTPFields()
        fields[FieldName("webhook-id")!] = id
        fields[FieldName("webhook-timestamp")!] = timestamp
        fields[FieldName("webhook-signature")!] = "v1," + Data(mac).base64EncodedString()
        return fields
    }

    static var bearer: HTTPFields { [.authorization: "Bearer \(ServerFixture.apiToken)"] }
}
