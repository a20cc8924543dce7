import Crypto
import DirSyncCore
import Foundation
import Testing

@testable import DirSyncServer

/// Both signature schemes against vectors made outside dirsync: the Standard Webhooks one by
/// its reference library (`standardwebhooks` 1.1.0, `Webhook(secret).sign(...)`), the dirsync
/// one by Python's `hmac` module.
@Suite struct WebhookVerifierTests {
    static let whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let body = Array(#"{"users": ["alice"]}"#.utf8)
    static let signedAt = Date(timeIntervalSince1970: 1_700_000_000)
    /// `Webhook(whsec).sign("msg_2aBcD", 1700000000, body)`
    static let standardSignature = "v1,/aDSixoK/IN145KtL2KA9EiDE3V5Fwd5oOxM4eA3uhA="
    /// `hmac.new(b"dirsync-test-secret", b"1700000000." + body, sha256).hexdigest()`
    static let dirsyncSignature = "sha256=0ae119a95c26f4c9d2343760c3c9d78ec0260376263e770a67f5f57c7b80beb2"

    let verifier = WebhookVerifier(
        secrets: WebhookSecrets(
            dirsync: Array("dirsync-test-secret".utf8),
            standard: WebhookSecrets.standardKey(WebhookVerifierTests.whsec)))

    func verify(_ headers: [String: String], body: [UInt8] = body, now: Date = signedAt) -> WebhookVerdict {
        verifier.verify(header: { headers[$0] }, body: body, now: now)
    }

    func standard(signature: String = standardSignature, timestamp: String = "1700000000") -> [String: String] {
        ["webhook-id": "msg_2aBcD", "webhook-timestamp": timestamp, "webhook-signature": signature]
    }

    func dirsync(signature: String = dirsyncSignature, timestamp: String = "1700000000") -> [String: String] {
        ["x-dirsync-timestamp": timestamp, "x-dirsync-signature": signature]
    }

    @Test func standardSignatureFromTheReferenceLibraryPasses() {
        #expect(verify(standard()) == .accepted(.standard(id: "msg_2aBcD")))
    }

    @Test func anyOneOfSeveralStandardSignaturesMayMatch() {
        let several = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,whatever \(Self.standardSignature)"
        #expect(verify(standard(signature: several)) == .accepted(.standard(id: "msg_2aBcD")))
    }

    @Test func dirsyncSignaturePasses() {
        #expect(verify(dirsync()) == .accepted(.dirsync))
        #expect(verify(dirsync(signature: Self.dirsyncSignature.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="))) == .accepted(.dirsync))
    }

    @Test func tamperedBodyFailsBothSchemes() {
        let tampered = Array(#"{"users": ["mallory"]}"#.utf8)
        #expect(isRejected(verify(standard(), body: tampered)))
        #expect(isRejected(verify(dirsync(), body: tampered)))
    }

    @Test func wrongSignaturesFail() {
        #expect(isRejected(verify(standard(signature: "v1,+aDSixoK/IN145KtL2KA9EiDE3V5Fwd5oOxM4eA3uhA="))))
        #expect(isRejected(verify(standard(signature: "v2,/aDSixoK/IN145KtL2KA9EiDE3V5Fwd5oOxM4eA3uhA="))))
        #expect(isRejected(verify(dirsync(signature: "sha256=00"))))
        #expect(isRejected(verify(dirsync(signature: Self.dirsyncSignature.replacingOccurrences(of: "sha256=", with: "")))))
    }

    @Test func missingHeadersFail() {
        #expect(isRejected(verify([:])))
        var noSignature = standard()
        noSignature["webhook-signature"] = nil
        #expect(isRejected(verify(noSignature)))
        var noTimestamp = dirsync()
        noTimestamp["x-dirsync-timestamp"] = nil
        #expect(isRejected(verify(noTimestamp)))
    }

    @Test func staleAndFutureTimestampsFailOutsideFiveMinutes() {
        #expect(verify(standard(), now: Self.signedAt.addingTimeInterval(300)) == .accepted(.standard(id: "msg_2aBcD")))
        #expect(verify(dirsync(), now: Self.signedAt.addingTimeInterval(-300)) == .accepted(.dirsync))
        #expect(isRejected(verify(standard(), now: Self.signedAt.addingTimeInterval(301))))
        #expect(isRejected(verify(standard(), now: Self.signedAt.addingTimeInterval(-301))))
        #expect(isRejected(verify(dirsync(), now: Self.signedAt.addingTimeInterval(301))))
        #expect(isRejected(verify(dirsync(), now: Self.signedAt.addingTimeInterval(-301))))
    }

    @Test func aSchemeWithoutASecretAcceptsNothing() {
        let onlyDirsync = WebhookVerifier(secrets: WebhookSecrets(dirsync: Array("dirsync-test-secret".utf8)))
        let headers = standard()
        #expect(isRejected(onlyDirsync.verify(header: { headers[$0] }, body: Self.body, now: Self.signedAt)))
        let none = WebhookVerifier(secrets: WebhookSecrets())
        let signed = dirsync()
        #expect(isRejected(none.verify(header: { signed[$0] }, body: Self.body, now: Self.signedAt)))
    }

    @Test func rejectionsNeverCarryTheSignature() {
        guard case .rejected(let why) = verify(standard(signature: "v1,c2VjcmV0LXNpZ25hdHVyZQ==")) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(!why.contains("c2VjcmV0LXNpZ25hdHVyZQ"))
    }

    @Test func whsecSecretsDecodeTheirBase64Part() {
        #expect(WebhookSecrets.standardKey("whsec_not base64!") == nil)
        #expect(WebhookSecrets.standardKey("whsec_c2VjcmV0") == Array("secret".utf8))
    }

    func isRejected(_ verdict: WebhookVerdict) -> Bool {
        if case .rejected = verdict { return true }
        return false
    }
}

@Suite struct ReplayMemoryTests {
    @Test func anIdAcceptedWithinTenMinutesIsAReplay() {
        var memory = ReplayMemory()
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = memory.isReplay("msg_1", now: start)
        let retried = memory.isReplay("msg_1", now: start.addingTimeInterval(599))
        let other = memory.isReplay("msg_2", now: start.addingTimeInterval(599))
        let muchLater = memory.isReplay("msg_1", now: start.addingTimeInterval(601))
        #expect([first, retried, other, muchLater] == [false, true, false, false])
    }
}

@Suite struct BearerTokenTests {
    @Test func onlyTheExactTokenPasses() {
        let token = Secret("s3cret-token")
        #expect(BearerToken.allows("Bearer s3cret-token", token: token))
        #expect(!BearerToken.allows("Bearer s3cret-tokeN", token: token))
        #expect(!BearerToken.allows("Bearer s3cret-token ", token: token))
        #expect(!BearerToken.allows("Basic s3cret-token", token: token))
        #expect(!BearerToken.allows(nil, token: token))
        #expect(!BearerToken.allows("Bearer anything", token: nil))
    }
}

