import DirSyncCore
import Foundation

/// A small RFC 4515 filter evaluated against LDIF records, so an LDIF export is filtered
/// with the same `users.filter` / `groups.filter` the live directory would apply.
///
/// Supports `(a=v)`, `(a=*)`, substrings `(a=v*w)`, `(&…)`, `(|…)`, `(!…)`, `\XX` escapes;
/// comparison is case-insensitive. Ordering and approximate matches are refused.
indirect enum LDIFFilter {
    case and([LDIFFilter])
    case or([LDIFFilter])
    case not(LDIFFilter)
    case present(String)
    case equal(String, String)
    /// Pieces between `*`: initial (may be empty), middles, final (may be empty).
    case substring(String, [String])

    struct ParseError: Error { var message: String }

    static func parse(_ text: String) throws(ParseError) -> LDIFFilter {
        var s = Array(text.utf8)
        while s.last == UInt8(ascii: " ") { s.removeLast() }
        while s.first == UInt8(ascii: " ") { s.removeFirst() }
        if s.first != UInt8(ascii: "(") { s = [UInt8(ascii: "(")] + s + [UInt8(ascii: ")")] }
        var i = 0
        let filter = try parse(s, &i, text)
        guard i == s.count else { throw ParseError(message: "unexpected text after the end of filter \(text)") }
        return filter
    }

    private static func parse(_ s: [UInt8], _ i: inout Int, _ text: String) throws(ParseError) -> LDIFFilter {
        guard i < s.count, s[i] == UInt8(ascii: "(") else { throw ParseError(message: "expected '(' in filter \(text)") }
        i += 1
        guard i < s.count else { throw ParseError(message: "filter \(text) ends early") }
        let result: LDIFFilter
        switch s[i] {
        case UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "!"):
            let op = s[i]
            i += 1
            var parts: [LDIFFilter] = []
            while i < s.count, s[i] == UInt8(ascii: "(") { parts.append(try parse(s, &i, text)) }
            if op == UInt8(ascii: "!") {
                guard parts.count == 1 else { throw ParseError(message: "'!' takes exactly one filter in \(text)") }
                result = .not(parts[0])
            } else {
                result = op == UInt8(ascii: "&") ? .and(parts) : .or(parts)
            }
        default:
            let start = i
            while i < s.count, s[i] != UInt8(ascii: "="), s[i] != UInt8(ascii: ")") { i += 1 }
            guard i < s.count, s[i] == UInt8(ascii: "=") else { throw ParseError(message: "expected '=' in filter \(text)") }
            var attr = Array(s[start..<i])
            if let last = attr.last, [UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "~"), UInt8(ascii: ":")].contains(last) {
                throw ParseError(message: "the LDIF source supports only '=' matches, not '\(Character(UnicodeScalar(last)))=', in filter \(text)")
            }
            while attr.last == UInt8(ascii: " ") { attr.removeLast() }
            i += 1
            var pieces: [[UInt8]] = [[]]
            while i < s.count, s[i] != UInt8(ascii: ")") {
                if s[i] == UInt8(ascii: "\\") {
                    guard i + 2 < s.count, let hi = Hex.value(ofDigit: s[i + 1]), let lo = Hex.value(ofDigit: s[i + 2]) else {
                        throw ParseError(message: "bad escape in filter \(text); write \\XX (two hex digits)")
                    }
                    pieces[pieces.count - 1].append(hi << 4 | lo)
                    i += 3
                } else if s[i] == UInt8(ascii: "*") {
                    pieces.append([])
                    i += 1
                } else {
                    pieces[pieces.count - 1].append(s[i])
                    i += 1
                }
            }
            let name = String(decoding: attr, as: UTF8.self).lowercased()
            let strings = pieces.map { String(decoding: $0, as: UTF8.self).lowercased() }
            if strings.count == 1 {
                result = .equal(name, strings[0])
            } else if strings.count == 2 && strings[0].isEmpty && strings[1].isEmpty {
                result = .present(name)
            } else {
                result = .substring(name, strings)
            }
        }
        guard i < s.count, s[i] == UInt8(ascii: ")") else { throw ParseError(message: "missing ')' in filter \(text)") }
        i += 1
        return result
    }

    /// Whether the record matches; values are compared lower-cased.
    func matches(_ values: (String) -> [String]) -> Bool {
        switch self {
        case .and(let parts): return parts.allSatisfy { $0.matches(values) }
        case .or(let parts): return parts.contains { $0.matches(values) }
        case .not(let part): return !part.matches(values)
        case .present(let name): return !values(name).isEmpty
        case .equal(let name, let value): return values(name).contains(value)
        case .substring(let name, let pieces): return values(name).contains { Self.matches($0, pieces) }
        }
    }

    private static func matches(_ value: String, _ pieces: [String]) -> Bool {
        var rest = Substring(value)
        guard rest.hasPrefix(pieces[0]) else { return false }
        rest = rest.dropFirst(pieces[0].count)
        for middle in pieces.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.range(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = pieces[pieces.count - 1]
        return rest.count >= last.count && rest.hasSuffix(last)
    }
}
