import DirSyncCore
import Testing

@testable import DirSyncLDAP

@Suite struct ObjectGUIDTests {
    @Test func readsADMixedEndianByteOrder() {
        let bytes: [UInt8] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                              0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]
        #expect(ObjectGUID.string(bytes) == "33221100-5544-7766-8899-aabbccddeeff")
    }

    @Test func aKnownADGuid() {
        // {7E8F8C9A-1B2C-4D3E-8F40-112233445566} as AD stores it on the wire.
        let bytes: [UInt8] = [0x9A, 0x8C, 0x8F, 0x7E, 0x2C, 0x1B, 0x3E, 0x4D,
                              0x8F, 0x40, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]
        #expect(ObjectGUID.string(bytes) == "7e8f8c9a-1b2c-4d3e-8f40-112233445566")
    }

    @Test func otherLengthsAreNotGUIDs() {
        #expect(ObjectGUID.string([0x01, 0x02]) == nil)
    }
}

@Suite struct MemberValueTests {
    @Test func stripsTheOptionalUIDOfUniqueMember() {
        #expect(GroupMapper.stripUID("uid=bob,dc=x#'0101'B") == "uid=bob,dc=x")
        #expect(GroupMapper.stripUID("uid=bob,dc=x") == "uid=bob,dc=x")
        #expect(GroupMapper.stripUID("cn=a\\#'01'B") == "cn=a\\#'01'B")
        #expect(GroupMapper.stripUID("cn=it's 'B") == "cn=it's 'B")
    }

}

@Suite struct LDIFFilterTests {
    func values(_ map: [String: [String]]) -> (String) -> [String] { { map[$0] ?? [] } }

    @Test func evaluatesBooleanFiltersCaseInsensitively() throws {
        let entry = values(["objectclass": ["inetorgperson", "top"], "uid": ["alice"], "mail": ["alice@example.com"]])
        #expect(try LDIFFilter.parse("(objectClass=inetOrgPerson)").matches(entry))
        #expect(try LDIFFilter.parse("(&(objectClass=inetOrgPerson)(mail=*))").matches(entry))
        #expect(try LDIFFilter.parse("(|(objectClass=groupOfNames)(uid=ALICE))").matches(entry))
        #expect(try !LDIFFilter.parse("(!(uid=alice))").matches(entry))
        #expect(try !LDIFFilter.parse("(employeeType=*)").matches(entry))
        #expect(try LDIFFilter.parse("(mail=*@example.com)").matches(entry))
        #expect(try LDIFFilter.parse("(mail=al*ce@*.com)").matches(entry))
        #expect(try !LDIFFilter.parse("(mail=bob*)").matches(entry))
        #expect(try LDIFFilter.parse("uid=alice").matches(entry))
    }

    @Test func refusesWhatItCannotEvaluate() {
        #expect(throws: LDIFFilter.ParseError.self) { try LDIFFilter.parse("(uidNumber>=1000)") }
        #expect(throws: LDIFFilter.ParseError.self) { try LDIFFilter.parse("(&(uid=a)") }
        #expect(throws: LDIFFilter.ParseError.self) { try LDIFFilter.parse("(uid=a\\zz)") }
    }
}
