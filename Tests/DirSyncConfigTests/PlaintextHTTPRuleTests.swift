import DirSyncCore
import Testing

/// The rule config validation and the HTTP client share: a bearer token crosses the network
/// in the clear only where the operator said so.
@Suite struct PlaintextHTTPRuleTests {
    @Test func httpsIsAlwaysAllowed() {
        #expect(PlaintextHTTPRule.allows(url: "https://app.example.com/scim/v2", allowPlaintext: false))
        #expect(PlaintextHTTPRule.allows(url: "HTTPS://10.0.0.7:8443/v2", allowPlaintext: false))
    }

    @Test func httpIsAllowedToLoopbackOnly() {
        for url in ["http://127.0.0.1:8080/v2", "http://127.255.0.1/", "http://localhost/v2", "http://LOCALHOST:1/", "http://[::1]:9/v2", "http://localhost./v2"] {
            #expect(PlaintextHTTPRule.allows(url: url, allowPlaintext: false), "\(url)")
        }
        for url in ["http://app.example.com/v2", "http://10.0.0.7/v2", "http://127.0.0.1.example.com/", "http://localhost.example.com/", "http://128.0.0.1/", "http://[::2]/"] {
            #expect(!PlaintextHTTPRule.allows(url: url, allowPlaintext: false), "\(url)")
            #expect(PlaintextHTTPRule.allows(url: url, allowPlaintext: true), "\(url)")
        }
    }

    @Test func otherSchemesAreNeverAllowedAndAHostlessHTTPURLIsNotLoopback() {
        for url in ["ftp://127.0.0.1/", "ldap://127.0.0.1", "127.0.0.1:8080"] {
            #expect(!PlaintextHTTPRule.allows(url: url, allowPlaintext: true), "\(url)")
        }
        #expect(!PlaintextHTTPRule.allows(url: "http:///v2", allowPlaintext: false))
    }
}
