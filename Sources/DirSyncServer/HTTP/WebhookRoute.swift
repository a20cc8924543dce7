import Foundation
import Hummingbird

/// `POST /v1/sync`: verified before anything else is read or started, then coalesced into a run.
struct WebhookRoute {
    /// Deliveries larger than this are refused with 413 before their signature is checked.
    static let maxBody = 1 << 20

    let daemon: Daemon

    func handle(_ request: Request, now: @Sendable () -> Date = Date.init) async -> Response {
        var request = request
        let body: ByteBuffer
        do {
            if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBody {
                throw HTTPError(.contentTooLarge)
            }
            body = try await request.collectBody(upTo: Self.maxBody)
        } catch {
            daemon.metrics.delivery("too_large")
            daemon.logger.warning("webhook refused: body over \(Self.maxBody) bytes")
            return JSONResponse.error(.contentTooLarge, "the body is larger than 1 MiB")
        }
        let bytes = Array(buffer: body)
        let headers = request.headers
        let verifier = WebhookVerifier(secrets: daemon.configs.current.secrets.webhooks)
        let verdict = verifier.verify(
            header: { name in headers.first { $0.name.canonicalName == name }?.value }, body: bytes, now: now())
        switch verdict {
        case .rejected(let why):
            daemon.metrics.delivery("unauthorized")
            daemon.logger.warning("webhook refused (401): \(why)")
            return JSONResponse.error(.unauthorized, "the webhook signature is missing, wrong or out of date")
        case .accepted(.standard(let id)):
            if await daemon.replays.isReplay(id, now: now()) {
                daemon.metrics.delivery("duplicate")
                daemon.logger.info("webhook \(id) already accepted; nothing started")
                return JSONResponse.make(.ok, ["duplicate": true])
            }
        case .accepted(.dirsync):
            break
        }
        daemon.metrics.delivery("accepted")
        guard let users = WebhookBody.users(bytes) else {
            return JSONResponse.error(.badRequest, "\"users\" must list at least one username or email")
        }
        do {
            let (run, coalesced) = try await daemon.coordinator.trigger("webhook", users: users)
            return JSONResponse.make(.accepted, Accepted(run: run, coalesced: coalesced))
        } catch {
            daemon.logger.error("webhook accepted but no run could be started: \(error)")
            return JSONResponse.error(.serviceUnavailable, "no run could be started: \(error)")
        }
    }

    struct Accepted: Encodable {
        var run: Int64
        var coalesced: Bool
    }
}

/// What a verified body asks for: `{"users": [...]}` limits the sync to those people; any
/// other body (an identity provider's own event) or none means everyone.
enum WebhookBody {
    /// `.some(nil)`: everyone; `.some(set)`: those people; nil: a `users` list naming nobody.
    static func users(_ body: [UInt8]) -> Set<String>?? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let listed = object["users"] as? [Any]
        else { return .some(nil) }
        let names = Set(listed.compactMap { ($0 as? String)?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return names.isEmpty ? nil : .some(names)
    }
}
