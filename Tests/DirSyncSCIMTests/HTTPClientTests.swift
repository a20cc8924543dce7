import DirSyncCore
import DirSyncSCIM
import DirSyncTestSupport
import Foundation
import Testing

/// The libcurl client against a real scim2-server: token, methods, bodies, concurrency,
/// and failures that never reach a server.
@Suite struct HTTPClientTests {
    @Test func getCarriesTheBearerToken() async throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        try server.create("Users", HTTPFixture.user("ann"))
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/Users"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"ann\""))
        #expect(response.headers["content-type"]?.contains("json") == true)

        let anonymous = try await HTTPFixture.client(token: nil).send(HTTPRequest(method: "GET", url: server.baseURL + "/Users"))
        #expect(anonymous.status == 401)
    }

    @Test func postPatchDeleteRoundTrip() async throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let created = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/Users", body: Array(HTTPFixture.user("ben").utf8)))
        #expect(created.status == 201)
        let object = try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any]
        let id = try #require(object?["id"] as? String)

        let patch = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Ben B"}]}"#
        let patched = try await client.send(HTTPRequest(method: "PATCH", url: server.baseURL + "/Users/\(id)", body: Array(patch.utf8)))
        #expect([200, 204].contains(patched.status))
        let (_, body) = try server.call("GET", "/Users/\(id)")
        #expect(body.contains("Ben B"))

        let deleted = try await client.send(HTTPRequest(method: "DELETE", url: server.baseURL + "/Users/\(id)"))
        #expect(deleted.status == 204)
        #expect(try server.call("GET", "/Users/\(id)").status == 404)
        #expect(client.budget.requests == 3)
        #expect(client.budget.retries == 0)
    }

    @Test func parallelRequestsAllComplete() async throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let client = HTTPFixture.client(token: server.token, concurrency: 8)
        let names = (0..<40).map { "user\($0)" }
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for name in names {
                group.addTask {
                    let response = try await client.send(
                        HTTPRequest(method: "POST", url: server.baseURL + "/Users", body: Array(HTTPFixture.user(name).utf8)))
                    return (name, response.status)
                }
            }
            var result: [String: Int] = [:]
            for try await (name, status) in group { result[name] = status }
            return result
        }
        #expect(statuses.count == 40)
        #expect(statuses.values.allSatisfy { $0 == 201 })
        #expect(try server.all("Users").compactMap { $0["userName"] as? String }.sorted() == names.sorted())
    }

    @Test func connectionRefusedThrowsAfterTheAttemptsAndNeverReachedTheServer() async throws {
        let client = HTTPFixture.client(token: "s3cret-token", attempts: 3)
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(HTTPRequest(method: "POST", url: "http://127.0.0.1:1/v2/Users", body: Array("{}".utf8)))
        }
        #expect(error?.mayHaveReachedServer == false)
        #expect(error?.message.contains("cannot connect") == true)
        #expect(error?.description.contains("s3cret-token") == false)
        #expect(client.budget.retries == 2)
    }

    @Test func plaintextToARemoteHostIsRefusedBeforeSending() async throws {
        let client = HTTPFixture.client(token: "t")
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", url: "http://scim.example.com/v2/Users"))
        }
        #expect(error?.message.contains("allow_plaintext") == true)
        #expect(error?.mayHaveReachedServer == false)
        #expect(client.budget.requests == 0)
    }

    @Test func shutDownClientRefusesRequests() async throws {
        let client = HTTPFixture.client(token: nil)
        client.shutdown()
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/"))
        }
        #expect(error?.message.contains("shut down") == true)
    }
}

/// Shared by the HTTP tests: fast retries (waits of milliseconds) so that the tests
/// exercise retry logic without depending on time.
enum HTTPFixture {
    static func client(
        token: String?, concurrency: Int = 4, attempts: Int = 5, budget: RetryBudget = RetryBudget(),
        proxy: String? = nil, caFile: String? = nil
    ) -> CurlHTTPClient {
        CurlHTTPClient(configuration: CurlHTTPClientConfiguration(
            timeoutSeconds: 20, caFile: caFile, token: token.map(Secret.init), concurrency: concurrency,
            retry: RetryPolicy(attempts: attempts, baseBackoffSeconds: 0.001, maxBackoffSeconds: 0.01),
            proxy: proxy, budget: budget))
    }

    static func user(_ name: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)"}"#
    }
}
