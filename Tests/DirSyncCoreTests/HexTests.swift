import Testing

@testable import DirSyncCore

/// The one hex helper behind DN and filter escapes, JSON escapes and keys shown as hex.
@Suite struct HexTests {
    @Test func readsDigitsInEitherCase() {
        #expect(Array("09afAF".utf8).map { Hex.value(ofDigit: $0) } == [0, 9, 10, 15, 10, 15])
        #expect(Hex.value(ofDigit: UInt8(ascii: "g")) == nil)
        #expect(Hex.value(ofDigit: UInt8(ascii: "/")) == nil)
    }

    @Test func writesTwoLowerCaseDigitsPerByte() {
        var out: [UInt8] = []
        for byte: UInt8 in [0x00, 0x2c, 0xab, 0xff] { Hex.append(byte, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "002cabff")
    }

    @Test func decodesWholeHexTextOrNothing() {
        #expect(Hex.decode("002cABff") == [0x00, 0x2c, 0xab, 0xff])
        #expect(Hex.decode("") == nil)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
