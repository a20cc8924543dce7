import DirSyncTestSupport
import Foundation
import Testing

/// The test peer itself: if these fail, every SCIM test's premise is wrong.
@Suite struct SCIMServerTests {
    @Test func pagesAreCappedAndWritesAreCounted() throws {
        let server = try SCIMServer.start(maxResults: 2)
        defer { server.stop() }
        for name in ["ann", "ben", "cat"] {
            try server.create("Users", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)"}"#)
        }
        let (status, body) = try server.call("GET", "/Users?count=50")
        #expect(status == 200)
        let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        #expect((page?["Resources"] as? [Any])?.count == 2)
        #expect(page?["totalResults"] as? Int == 3)
        #expect(try server.all("Users").compactMap { $0["userName"] as? String }.sorted() == ["ann", "ben", "cat"])
        #expect(server.writeRequestCount() == 3)
    }

    @Test func refusesRequestsWithoutTheToken() throws {
        let server = try SCIMServer.start()
        defer { server.stop() }
        let (_, code) = try Tool.capture("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", server.baseURL + "/Users"])
        #expect(code == "401")
    }
}
