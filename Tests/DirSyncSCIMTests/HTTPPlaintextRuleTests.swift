import DirSyncCore
import Testing

/// `http://` only to this machine unless allowed: the bearer token must not cross a
/// network in the clear.
@Suite struct HTTPPlaintextRuleTests {
    @Test(arguments: [
        "http://127.0.0.1:8080/v2", "http://127.1.2.3/scim", "http://localhost/v2", "http://LOCALHOST:80",
        "http://[::1]:9000/v2", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]/", "HTTP://127.0.0.1",
        "http://user:pw@127.0.0.1:1/x", "http://localhost.", "http://127.0.0.1?x=1",
    ])
    func loopbackMayBePlaintext(url: String) {
        #expect(PlaintextHTTPRule.allows(url: url, allowPlaintext: false))
    }

    @Test(arguments: [
        "http://scim.example.com/v2", "http://10.0.0.1/v2", "http://128.0.0.1/", "http://127.0.0.1.example.com/",
        "http://localhost.example.com/", "http://[::2]/", "http://[2001:db8::1]/", "http://127.0.0.1@evil.example.com/",
        "http://1270.0.0.1/", "http:///v2", "http://[::1/",
    ])
    func remotePlaintextIsRefused(url: String) {
        #expect(!PlaintextHTTPRule.allows(url: url, allowPlaintext: false))
    }

    @Test func allowPlaintextOpensHTTPToAnyHost() {
        #expect(PlaintextHTTPRule.allows(url: "http://scim.example.com/v2", allowPlaintext: true))
    }

    @Test func httpsIsAlwaysAllowed() {
        #expect(PlaintextHTTPRule.allows(url: "https://scim.example.com/v2", allowPlaintext: false))
        #expect(PlaintextHTTPRule.allows(url: "HTTPS://10.0.0.1", allowPlaintext: false))
    }

    @Test func otherSchemesAreNeverAllowed() {
        #expect(!PlaintextHTTPRule.allows(url: "ftp://127.0.0.1/", allowPlaintext: true))
        #expect(!PlaintextHTTPRule.allows(url: "127.0.0.1:8080/v2", allowPlaintext: true))
    }
}
