import DirSyncCore
import DirSyncSCIM
import DirSyncTestSupport
import Foundation
import Testing

/// Certificate verification is always on: against `openssl s_server` with a certificate
/// from a throwaway CA, only a client trusting that CA gets through.
@Suite struct HTTPTLSTests {
    @Test func untrustedCertificateFailsNamingTLSAndTheCAFile() async throws {
        let server = try TLSTestServer.start()
        defer { server.stop() }
        let client = HTTPFixture.client(token: "tls-secret", caFile: server.wrongCAFile)
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await client.send(HTTPRequest(method: "GET", url: server.url))
        }
        #expect(error?.message.contains("TLS") == true)
        #expect(error?.message.contains(server.wrongCAFile) == true)
        #expect(error?.mayHaveReachedServer == false)
        #expect(error?.description.contains("tls-secret") == false)
        // A certificate problem is not retried: it would fail the same way again.
        #expect(client.budget.retries == 0)
    }

    @Test func systemCAsDoNotTrustATestCA() async throws {
        let server = try TLSTestServer.start()
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            _ = try await HTTPFixture.client(token: nil).send(HTTPRequest(method: "GET", url: server.url))
        }
        #expect(error?.message.contains("TLS") == true)
        #expect(error?.message.contains("no ca_file") == true)
    }

    @Test func trustedCAFileGetsThrough() async throws {
        let server = try TLSTestServer.start()
        defer { server.stop() }
        let response = try await HTTPFixture.client(token: nil, caFile: server.caFile).send(HTTPRequest(method: "GET", url: server.url))
        #expect(response.status == 200)
        #expect(!response.body.isEmpty)
    }
}
