import DirSyncCore
import DirSyncSCIM
import DirSyncTestSupport
import Foundation
import Testing

/// Retries through the fault proxy in front of a real scim2-server: each test asserts the
/// proxy really injected the fault, and what the client made of it.
@Suite struct HTTPRetryTests {
    @Test func tooManyRequestsIsRetriedAndTheServersAnswerReturned() async throws {
        let (server, proxy) = try Self.start([.init(.tooManyRequests, every: 1, limit: 1, retryAfter: "0")])
        defer { proxy.stop(); server.stop() }
        try server.create("Users", HTTPFixture.user("ann"))
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(HTTPRequest(method: "GET", url: proxy.baseURL + "/Users"))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"ann\""))
        #expect(proxy.injected(.tooManyRequests) == 1)
        #expect(proxy.forwarded() == 1)
        #expect(client.budget.requests == 1)
        #expect(client.budget.retries == 1)
    }

    @Test func serviceUnavailableIsRetried() async throws {
        let (server, proxy) = try Self.start([.init(.serviceUnavailable, every: 1, limit: 2, retryAfter: nil)])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(HTTPRequest(method: "GET", url: proxy.baseURL + "/Users"))
        #expect(response.status == 200)
        #expect(proxy.injected(.serviceUnavailable) == 2)
        #expect(client.budget.retries == 2)
    }

    @Test func droppedConnectionIsRetried() async throws {
        let (server, proxy) = try Self.start([.init(.dropConnection, every: 1, limit: 1)])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(
            HTTPRequest(method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("cat").utf8)))
        #expect(response.status == 201)
        #expect(proxy.injected(.dropConnection) == 1)
        #expect(try server.all("Users").count == 1)
    }

    /// The server applied the POST but the answer never came: the retry meets the account
    /// it created, and the client hands that 409 to the SCIM code (which looks it up).
    @Test func lostPostResponseIsRetriedAndTheConflictReturned() async throws {
        let (server, proxy) = try Self.start([.init(.loseResponse, every: 1, methods: ["POST"], limit: 1)])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(
            HTTPRequest(method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("dan").utf8)))
        #expect(response.status == 409)
        #expect(proxy.injected(.loseResponse) == 1)
        #expect(proxy.forwarded() == 2)
        #expect(try server.all("Users").compactMap { $0["userName"] as? String } == ["dan"])
    }

    /// A create marked `mayRepeat: false` is sent once when its response is lost: the SCIM
    /// code looks the account up instead of risking a second one.
    @Test func lostResponseOfANonRepeatableRequestIsNotSentAgain() async throws {
        let (server, proxy) = try Self.start([.init(.loseResponse, every: 1, methods: ["POST"], limit: 1)])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(HTTPRequest(
                method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("gus").utf8), mayRepeat: false))
        }
        #expect(error?.mayHaveReachedServer == true)
        #expect(proxy.forwarded() == 1)
        #expect(client.budget.retries == 0)
        #expect(try server.all("Users").compactMap { $0["userName"] as? String } == ["gus"])
    }

    /// An answer of 429 or 503 means the server did not act: retried even for a
    /// non-repeatable request (the first rule answers the first request, the second the next).
    @Test func rateLimitedNonRepeatableRequestIsStillRetried() async throws {
        let (server, proxy) = try Self.start([
            .init(.tooManyRequests, every: 1, limit: 1, retryAfter: "0"), .init(.serviceUnavailable, every: 1, limit: 1, retryAfter: "0"),
        ])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(HTTPRequest(
            method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("hal").utf8), mayRepeat: false))
        #expect(response.status == 201)
        #expect(proxy.injected(.tooManyRequests) == 1)
        #expect(proxy.injected(.serviceUnavailable) == 1)
        #expect(client.budget.retries == 2)
    }

    /// A 502 or 504 may come after the server acted: a non-repeatable request gets it back
    /// at once, a repeatable one is sent again.
    @Test func gatewayFailureIsRetriedOnlyForRepeatableRequests() async throws {
        let (server, proxy) = try Self.start([.init(.serviceUnavailable, every: 1, limit: 2, retryAfter: nil, status: 502)])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let create = try await client.send(HTTPRequest(
            method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("ida").utf8), mayRepeat: false))
        #expect(create.status == 502)
        #expect(client.budget.retries == 0)
        let read = try await client.send(HTTPRequest(method: "GET", url: proxy.baseURL + "/Users"))
        #expect(read.status == 200)
        #expect(client.budget.retries == 1)
        #expect(proxy.entries().map(\.status) == [502, 502, 200])
    }

    @Test func everyResponseLostThrowsSayingTheRequestMayHaveBeenApplied() async throws {
        let (server, proxy) = try Self.start([.init(.loseResponse, every: 1, methods: ["POST"])])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token, attempts: 3)
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(
                HTTPRequest(method: "POST", url: proxy.baseURL + "/Users", body: Array(HTTPFixture.user("eve").utf8)))
        }
        #expect(error?.mayHaveReachedServer == true)
        #expect(error?.description.contains(server.token) == false)
        #expect(proxy.injected(.loseResponse) == 3)
        #expect(try server.all("Users").count == 1)
    }

    @Test func attemptsExhaustedReturnsTheLast503AfterExactlyThatManyAttempts() async throws {
        let (server, proxy) = try Self.start([.init(.serviceUnavailable, every: 1, retryAfter: "0")])
        defer { proxy.stop(); server.stop() }
        let client = HTTPFixture.client(token: server.token, attempts: 4)
        let response = try await client.send(HTTPRequest(method: "GET", url: proxy.baseURL + "/Users"))
        #expect(response.status == 503)
        #expect(response.headers["retry-after"] == "0")
        #expect(proxy.injected(.serviceUnavailable) == 4)
        #expect(proxy.forwarded() == 0)
        #expect(client.budget.retries == 3)
    }

    /// A budget of base 0 allows one retry per request made: the second 503 stands although
    /// the policy would allow five attempts.
    @Test func exhaustedBudgetReturnsTheLast503() async throws {
        let (server, proxy) = try Self.start([.init(.serviceUnavailable, every: 1, retryAfter: nil)])
        defer { proxy.stop(); server.stop() }
        let budget = RetryBudget(base: 0)
        let client = HTTPFixture.client(token: server.token, attempts: 5, budget: budget)
        let response = try await client.send(HTTPRequest(method: "GET", url: proxy.baseURL + "/Users"))
        #expect(response.status == 503)
        #expect(proxy.injected(.serviceUnavailable) == 2)
        #expect(budget.requests == 1)
        #expect(budget.retries == 1)
        #expect(budget.remaining == 0)
    }

    @Test func notFoundAndConflictAreAnswersNotRetried() async throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let client = HTTPFixture.client(token: server.token)
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/Users/no-such-id"))
        #expect(response.status == 404)
        #expect(client.budget.retries == 0)
    }

    static func start(_ faults: [SCIMFaultProxy.Fault]) throws -> (SCIMServer, SCIMFaultProxy) {
        let server = try SCIMServer.start()
        do {
            return (server, try SCIMFaultProxy.start(upstream: server, faults: faults))
        } catch {
            server.stop()
            throw error
        }
    }
}
