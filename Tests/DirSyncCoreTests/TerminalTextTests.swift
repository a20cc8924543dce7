import Foundation
import Testing
@testable import DirSyncCore

/// Directory text on the terminal: control characters escaped, everything else as it was.
@Suite struct TerminalTextTests {
    /// A display name that retitles the terminal (OSC 0 … BEL) and forges a second line.
    static let hostile = "Eve \u{1B}]0;pwned\u{07}\nx delete alice"

    @Test func escapesTheTitleSequenceAndTheNewline() {
        #expect(TerminalText.escaped(Self.hostile) == #"Eve \x1b]0;pwned\x07\nx delete alice"#)
    }

    @Test func namesCommonControlsShortAndOthersByHex() {
        #expect(TerminalText.escaped("a\tb\rc\nd") == #"a\tb\rc\nd"#)
        #expect(TerminalText.escaped("\u{00}\u{01}\u{1F}\u{7F}") == #"\x00\x01\x1f\x7f"#)
        #expect(TerminalText.escaped("x\u{85}y\u{9B}31m\u{80}") == #"x\u{85}y\u{9b}31m\u{80}"#)
    }

    @Test func everyControlIsEscapedAndNothingElse() {
        let controls = Array(0x00..<0x20) + [0x7F] + Array(0x80..<0xA0)
        for value in controls {
            let text = String(Character(Unicode.Scalar(UInt32(value))!))
            let shown = TerminalText.escaped(text)
            #expect(shown.hasPrefix("\\"), "U+\(String(value, radix: 16)) shown as \(shown)")
            #expect(shown.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
            #expect(TerminalText.needsEscaping(text))
        }
        // The first printable code points after each range stay as they are.
        for text in [" ", "~", "\u{A0}", "\u{A9}", "\u{BF}", "\u{100}"] {
            #expect(TerminalText.escaped(text) == text)
            #expect(!TerminalText.needsEscaping(text))
        }
    }

    @Test func ordinaryTextBackslashesAndDNsStayAsTheyAre() {
        for text in ["", "alice", "Zoë Ångström", "cn=Brien\\, Pat,ou=people,dc=example,dc=com", "a\\nb", "日本語 👩‍💻", "50°, ©"] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func escapingTwiceChangesNothingMore() {
        let once = TerminalText.escaped(Self.hostile + "\u{85}\u{7F}")
        #expect(TerminalText.escaped(once) == once)
        #expect(!TerminalText.needsEscaping(once))
    }

    @Test func byteFormAppendsWhatTheStringFormReturns() {
        for text in [Self.hostile, "plain", "ü\u{85}ü\u{1B}", "\n", "end\u{7F}"] {
            var out: [UInt8] = Array("prefix ".utf8)
            TerminalText.append(escaping: text, to: &out)
            #expect(out == Array(("prefix " + TerminalText.escaped(text)).utf8))
        }
    }

    @Test func byteFormLeavesAStrayC2LeadByteAlone() {
        for bytes: [UInt8] in [[0x61, 0xC2], [0xC2, 0x41, 0x62], [0xC2, 0xC2, 0x85]] {
            var out: [UInt8] = []
            bytes.withUnsafeBufferPointer { TerminalText.append(escaping: $0, to: &out) }
            #expect(out == (bytes == [0xC2, 0xC2, 0x85] ? [0xC2] + Array(#"\u{85}"#.utf8) : bytes))
        }
    }

    @Test func planTableShowsHostileDataEscapedOneLineEach() {
        let plan = Plan(
            operations: [
                AccountOperation(
                    action: .update, username: "eve\u{1B}[2J", email: "eve@example.com", displayName: Self.hostile,
                    roles: ["viewer"], projects: [:], tags: [],
                    changes: Changes(displayNameFrom: "Eve"), reason: "mapped", account: "k1"),
                AccountOperation(action: .deactivate, username: "mallory", email: nil, reason: "disabled\n+ create root", account: "k2"),
            ],
            warnings: ["source 'corp': uid=bad\u{07}\\,x,dc=example has no email; no account"])
        let text = PlanTableRenderer.render(plan)
        #expect(text == #"""
            ~ update eve\x1b[2J
                display name: Eve -> Eve \x1b]0;pwned\x07\nx delete alice
            - deactivate mallory (disabled\n+ create root)

            warning: source 'corp': uid=bad\x07\,x,dc=example has no email; no account
            Plan: 0 to create, 1 to update, 1 to deactivate, 0 to reactivate, 0 to delete.

            """#)
        #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0x07))
        // The JSON plan carries the exact values.
        let decoded = try? PlanJSON.decode(Data(PlanJSON.encode(plan).utf8))
        #expect(decoded?.operations.first?.displayName == Self.hostile)
        #expect(decoded?.operations.first?.username == "eve\u{1B}[2J")
    }

    @Test func explanationShowsHostileDataEscaped() {
        let eve = Fx.user("eve", name: Self.hostile, attributes: ["title": ["boss\u{1B}[31m"]])
        let e = Explanation(
            query: "eve", key: "eve@example.com", entries: [Explanation.Entry(eve)], groups: [], rules: [],
            roles: [], projects: [:], tags: [], scope: Explanation.Scope(decision: "out_of_scope", reason: "no mapping rule matches"),
            account: nil, pendingOperation: nil)
        let text = ExplanationRenderer.render(e)
        #expect(text.contains("\n    display name: Eve \\x1b]0;pwned\\x07\\nx delete alice\n"))
        #expect(text.contains("\n    title: boss\\x1b[31m\n"))
        #expect(!text.utf8.contains(0x1B) && !text.utf8.contains(0x07))
        #expect(!text.contains("\nx delete alice"))
    }
}
