import Testing

@testable import DirSyncCore

/// The one escaper behind the plan JSON and the store's account JSON.
@Suite struct JSONStringTests {
    private func literal(_ value: String) -> String {
        var out: [UInt8] = []
        JSONString.append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func copiesPlainTextWhole() {
        #expect(literal("alice/bøb 🐝") == "\"alice/bøb 🐝\"")
        #expect(literal("") == "\"\"")
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(literal("a\"b\\c") == #""a\"b\\c""#)
        #expect(literal("\n\r\t") == #""\n\r\t""#)
        #expect(literal("x\u{1}y\u{1f}") == #""x\u0001y\u001f""#)
    }
}
