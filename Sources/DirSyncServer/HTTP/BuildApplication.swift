import Foundation
import Hummingbird
import Logging

/// The HTTP routes of `dirsync serve` (contract section 6), on one router that the command
/// serves and the tests drive in-process.
public func buildRouter(_ daemon: Daemon) -> Router<BasicRequestContext> {
    let router = Router()
    let webhook = WebhookRoute(daemon: daemon)
    let api = APIRoutes(daemon: daemon)
    router.post("/v1/sync") { request, _ in await webhook.handle(request) }
    router.get("/v1/runs") { request, _ in api.runs(request) }
    router.get("/v1/runs/:id") { request, context in api.run(request, id: context.parameters.get("id")) }
    router.get("/v1/plan") { request, _ in await api.plan(request) }
    router.get("/v1/status") { request, _ in await api.status(request) }
    router.get("/healthz") { _, _ in JSONResponse.make(.ok, ["status": "alive"]) }
    router.get("/readyz") { _, _ in
        daemon.health.lastSyncFailed
            ? JSONResponse.make(.serviceUnavailable, ["ready": false])
            : JSONResponse.make(.ok, ["ready": true])
    }
    router.get("/metrics") { _, _ in
        JSONResponse.bytes(.ok, Array(daemon.metrics.exposition().utf8), contentType: "text/plain; version=0.0.4")
    }
    return router
}

/// The application `dirsync serve` runs: the router on `server.listen`, with `READY=1` sent
/// to systemd once it listens. The daemon's other services run beside it (`DirSyncServe`).
public func buildApplication(_ daemon: Daemon) throws -> some ApplicationProtocol {
    let listen = daemon.configs.current.workspace.settings.server.listen
    guard let address = ListenAddress(listen) else {
        throw ServerSetupError(["server.listen '\(listen)' must be HOST:PORT, e.g. 127.0.0.1:8089"])
    }
    let notifier = daemon.notifier
    let logger = daemon.logger
    return Application(
        router: buildRouter(daemon),
        configuration: .init(address: .hostname(address.host, port: address.port), serverName: "dirsync"),
        onServerRunning: { channel in
            logger.info("listening on \(channel.localAddress.map { "\($0)" } ?? listen)")
            notifier.notify("READY=1")
        },
        logger: logger
    )
}

/// `HOST:PORT` or `[IPv6]:PORT`.
struct ListenAddress {
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }
}
