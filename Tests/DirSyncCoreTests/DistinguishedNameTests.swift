import Testing
@testable import DirSyncCore

@Suite struct DistinguishedNameTests {
    @Test func lowerCaseDNIsReturnedAsIs() {
        #expect(DistinguishedName.normalize("uid=alice,ou=people,dc=example,dc=com") == "uid=alice,ou=people,dc=example,dc=com")
    }

    @Test func typesAndValuesAreLowerCased() {
        #expect(DistinguishedName.normalize("UID=Alice,OU=People,DC=Example,DC=com") == "uid=alice,ou=people,dc=example,dc=com")
    }

    @Test func insignificantSpacesAreDropped() {
        #expect(DistinguishedName.normalize(" cn = Alice Liddell , ou=People ,dc=example, dc=com ")
            == "cn=alice liddell,ou=people,dc=example,dc=com")
    }

    @Test func escapedCommaAndHexEscapeAreTheSameValue() {
        let a = DistinguishedName.normalize("cn=Liddell\\, Alice,ou=people,dc=example,dc=com")
        let b = DistinguishedName.normalize("cn=liddell\\2C alice,ou=people,dc=example,dc=com")
        let c = DistinguishedName.normalize("cn=\"Liddell, Alice\",ou=people,dc=example,dc=com")
        #expect(a == b)
        #expect(a == c)
        #expect(a == "cn=liddell\\, alice,ou=people,dc=example,dc=com")
    }

    @Test func escapedSpacesAtTheEdgesAreKept() {
        #expect(DistinguishedName.normalize("cn=\\ padded\\ ,dc=x") == "cn=\\ padded\\ ,dc=x")
        #expect(DistinguishedName.normalize("cn=\\ padded\\ ,dc=x") != DistinguishedName.normalize("cn=padded,dc=x"))
    }

    @Test func utf8ValuesAreLowerCasedAndHexEscapesDecoded() {
        let plain = DistinguishedName.normalize("cn=Jörg Müller,dc=example")
        let escaped = DistinguishedName.normalize("cn=J\\C3\\B6rg M\\C3\\BCller,dc=example")
        #expect(plain == "cn=jörg müller,dc=example")
        #expect(escaped == plain)
        #expect(DistinguishedName.normalize("CN=ÉMILE,DC=X") == "cn=émile,dc=x")
    }

    @Test func multiValuedRDNPartsAreSorted() {
        #expect(DistinguishedName.normalize("uid=alice+cn=Alice,dc=x") == DistinguishedName.normalize("CN=alice + UID=Alice,dc=x"))
        #expect(DistinguishedName.normalize("uid=alice+cn=Alice,dc=x") == "cn=alice+uid=alice,dc=x")
    }

    @Test func otherEscapedSpecialsRoundTrip() {
        #expect(DistinguishedName.normalize("cn=a\\+b,dc=x") == "cn=a\\+b,dc=x")
        #expect(DistinguishedName.normalize("cn=a\\3Bb,dc=x") == "cn=a\\;b,dc=x")
        #expect(DistinguishedName.normalize("cn=a=b,dc=x") == "cn=a=b,dc=x")
    }

    @Test func emptyAndMalformed() {
        #expect(DistinguishedName.normalize("") == "")
        #expect(DistinguishedName.normalize("   ") == "")
        #expect(DistinguishedName.normalize(" Not A DN ") == "not a dn")
    }

    @Test(arguments: [
        "uid=alice,ou=people,dc=example,dc=com", "CN=Alice Liddell,OU=People,DC=Example", "cn=a=b,dc=x",
        "cn=#04024869,dc=x", "cn=Jörg Müller,dc=example", "o=a  b,c=de",
    ])
    func fastPathAgreesWithTheFullParser(dn: String) {
        #expect(DistinguishedName.normalize(dn) == DistinguishedName.slowNormalize(dn))
    }

    @Test func rdnListsDecideTheLDIFBaseCheck() {
        let a = DistinguishedName.normalizedRDNs("CN=Smith\\2C John , OU=People,dc=Example,DC=com")
        let b = DistinguishedName.normalizedRDNs("cn=smith\\, john,ou=people,dc=example,dc=com")
        #expect(a == b)
        #expect(a == ["cn=smith, john", "ou=people", "dc=example", "dc=com"])
        #expect(DistinguishedName.isWithin(a, base: DistinguishedName.normalizedRDNs("OU=people, dc=example,dc=com")))
        #expect(!DistinguishedName.isWithin(a, base: DistinguishedName.normalizedRDNs("ou=groups,dc=example,dc=com")))
        #expect(DistinguishedName.normalizedRDNs("cn=b+uid=a,dc=x") == DistinguishedName.normalizedRDNs("UID=a+cn=B,dc=x"))
    }
}
