import Testing

@testable import DirSyncCore

/// The byte-level case folding behind match keys (`MatchBy.normalize`) and DNs.
@Suite struct ASCIICaseTests {
    @Test func scanSaysWhetherTextIsASCIIAndHasUpperCase() {
        #expect(ASCIICase.scan("alice@example.com") == (ascii: true, hasUpper: false))
        #expect(ASCIICase.scan("Alice@Example.com") == (ascii: true, hasUpper: true))
        #expect(ASCIICase.scan("Jörg").ascii == false)
        #expect(ASCIICase.lowercased("CN=Alice,OU=People") == "cn=alice,ou=people")
    }

    @Test func matchKeysAreTrimmedAndLowerCasedOnEveryPath() {
        #expect(MatchBy.normalize("alice@example.com") == "alice@example.com")
        #expect(MatchBy.normalize("Alice@Example.COM") == "alice@example.com")
        #expect(MatchBy.normalize("  Alice@Example.com\n") == "alice@example.com")
        #expect(MatchBy.normalize("JÖRG@Example.com") == "jörg@example.com")
        #expect(MatchBy.normalize("") == "")
    }
}
