import DirSyncCore
import DirSyncEngine
import DirSyncStore
import Foundation
import Hummingbird

/// The bearer-token routes: runs, the dry-run plan, and the daemon's status.
struct APIRoutes {
    let daemon: Daemon

    /// nil when the request carries the API token; else the 401 to answer.
    func refusal(_ request: Request) -> Response? {
        let token = daemon.configs.current.secrets.apiToken
        if BearerToken.allows(request.headers[.authorization], token: token) { return nil }
        var response = JSONResponse.error(
            .unauthorized,
            token == nil
                ? "the API is off: set server.api_token_file" : "send Authorization: Bearer <the token in server.api_token_file>")
        response.headers[.wwwAuthenticate] = "Bearer"
        return response
    }

    func runs(_ request: Request) -> Response {
        if let refusal = refusal(request) { return refusal }
        let limit = request.uri.queryParameters.get("limit", as: Int.self).map { min(max($0, 1), 1000) } ?? 50
        do {
            return JSONResponse.make(.ok, ["runs": try daemon.configs.current.state.runs(limit: limit)])
        } catch {
            return JSONResponse.error(.internalServerError, "could not read the runs: \(error)")
        }
    }

    func run(_ request: Request, id: String?) -> Response {
        if let refusal = refusal(request) { return refusal }
        guard let id = id.flatMap({ Int64($0) }) else { return JSONResponse.error(.badRequest, "a run id is a number") }
        do {
            guard let run = try daemon.configs.current.state.run(id: id) else {
                return JSONResponse.error(.notFound, "there is no run \(id)")
            }
            return JSONResponse.make(.ok, run)
        } catch {
            return JSONResponse.error(.internalServerError, "could not read run \(id): \(error)")
        }
    }

    func plan(_ request: Request) async -> Response {
        if let refusal = refusal(request) { return refusal }
        do {
            let (_, planning) = try await daemon.configs.current.workspace.plan()
            return JSONResponse.bytes(.ok, PlanJSON.encodeUTF8(planning.plan), contentType: "application/json")
        } catch {
            return JSONResponse.error(.badGateway, "could not plan: \(error)")
        }
    }

    func status(_ request: Request) async -> Response {
        if let refusal = refusal(request) { return refusal }
        let (running, queued) = await daemon.coordinator.inFlight
        return JSONResponse.make(
            .ok,
            DaemonStatus(
                version: daemon.version, nextScheduledRun: daemon.health.nextScheduledRun, running: running,
                queued: queued, lastSyncStatus: daemon.health.lastSyncStatus?.rawValue))
    }
}

/// `GET /v1/status`: what the daemon is doing and when it next syncs on its own.
struct DaemonStatus: Encodable {
    var version: String
    var nextScheduledRun: Date?
    var running: Int64?
    var queued: Int64?
    var lastSyncStatus: String?

    enum CodingKeys: String, CodingKey {
        case version, running, queued
        case nextScheduledRun = "next_scheduled_run"
        case lastSyncStatus = "last_sync_status"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(nextScheduledRun, forKey: .nextScheduledRun)
        try container.encode(running, forKey: .running)
        try container.encode(queued, forKey: .queued)
        try container.encode(lastSyncStatus, forKey: .lastSyncStatus)
    }
}
