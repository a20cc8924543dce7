import DirSyncCore
import DirSyncSCIM
import DirSyncTestSupport
import Foundation
import Testing

/// The fault proxy itself (its faults must be real for the retry tests to mean anything),
/// and the client's explicit proxy option.
@Suite struct ProxyTests {
    @Test func clientGoesThroughAnExplicitProxy() async throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let proxy = try SCIMFaultProxy.start(upstream: server)
        defer { proxy.stop() }
        let client = HTTPFixture.client(token: server.token, proxy: proxy.proxyURL)
        // The server's own URL: only the proxy option sends it through the proxy.
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/Users"))
        #expect(response.status == 200)
        #expect(proxy.entries().map(\.path) == [server.baseURL + "/Users"])
    }

    @Test func lostResponseWasAppliedByTheServer() throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let proxy = try SCIMFaultProxy.start(upstream: server, faults: [.init(.loseResponse, every: 1, methods: ["POST"])])
        defer { proxy.stop() }
        let (status, _) = try Tool.capture("/usr/bin/curl", [
            "-s", "-o", "/dev/null", "-X", "POST", "-H", "Authorization: Bearer \(server.token)",
            "-H", "Content-Type: application/scim+json", "--data-binary", HTTPFixture.user("fay"), proxy.baseURL + "/Users",
        ])
        #expect(status == 52)  // curl: empty reply from server
        #expect(try server.all("Users").compactMap { $0["userName"] as? String } == ["fay"])
        #expect(proxy.entries().map(\.action) == ["lose"])
        #expect(proxy.entries().first?.status == 201)
    }

    @Test func faultsFollowTheirCountersAndMethods() throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let proxy = try SCIMFaultProxy.start(upstream: server, faults: [
            .init(.serviceUnavailable, every: 3, methods: ["GET"], retryAfter: "2"),
        ])
        defer { proxy.stop() }
        var codes: [String] = []
        for _ in 0..<6 {
            let (_, code) = try Tool.capture("/usr/bin/curl", [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(server.token)", proxy.baseURL + "/Users",
            ])
            codes.append(code)
        }
        #expect(codes == ["503", "200", "200", "503", "200", "200"])
        #expect(proxy.injected(.serviceUnavailable) == 2)
        try proxy.setFaults([.init(.tooManyRequests, every: 1, limit: 1, retryAfter: "0")])
        let (_, code) = try Tool.capture("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", proxy.baseURL + "/Users"])
        #expect(code == "429")
    }

    @Test func seededFaultsAreReproducible() throws {
        func run() throws -> [String] {
            let server = try SCIMServer.start()
            defer { server.stop() }
            let proxy = try SCIMFaultProxy.start(upstream: server, faults: [.init(.serviceUnavailable, probability: 0.5, seed: 42)])
            defer { proxy.stop() }
            for _ in 0..<8 {
                _ = try Tool.capture("/usr/bin/curl", ["-s", "-o", "/dev/null", "-H", "Authorization: Bearer \(server.token)", proxy.baseURL + "/Users"])
            }
            return proxy.entries().map(\.action)
        }
        let first = try run()
        #expect(first.count == 8)
        #expect(first.contains("503") && first.contains("forward"))
        #expect(try run() == first)
    }
}
