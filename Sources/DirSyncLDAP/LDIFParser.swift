import Foundation

/// One record of an LDIF file: its DN, its attributes in file order, and where it starts.
struct LDIFRecord {
    var dn: String
    /// Attribute name as written → raw values (base64 values decoded; may be binary).
    var attributes: [(name: String, values: [[UInt8]])]
    var line: Int

    func values(_ name: String) -> [[UInt8]] {
        let key = name.lowercased()
        return attributes.first { $0.name.lowercased() == key }?.values ?? []
    }
}

/// An LDIF content file (RFC 2849) read into records: comments, folded lines, `::` base64
/// values, `version:` and blank-line separated records; `changetype: add` is accepted and
/// ignored, any other change type is refused because an export holds entries, not changes.
struct LDIFParser {
    let path: String

    struct ParseError: Error {
        var message: String
    }

    func parse(_ text: String) throws(ParseError) -> [LDIFRecord] {
        var records: [LDIFRecord] = []
        var current: LDIFRecord?
        var index: [String: Int] = [:]  // lower-cased attribute name → position in current

        for (lineNumber, line) in unfold(text) {
            if line.isEmpty {
                if let record = current { records.append(record) }
                current = nil
                index = [:]
                continue
            }
            let (name, value) = try split(line, lineNumber)
            let lower = name.lowercased()
            if current == nil {
                if lower == "version" && records.isEmpty { continue }
                guard lower == "dn" else {
                    throw ParseError(message: "\(path):\(lineNumber): expected 'dn:' to start a record, found '\(name):'")
                }
                current = LDIFRecord(dn: String(decoding: value, as: UTF8.self), attributes: [], line: lineNumber)
                continue
            }
            if lower == "changetype" {
                let type = String(decoding: value, as: UTF8.self).lowercased()
                guard type == "add" else {
                    throw ParseError(message: "\(path):\(lineNumber): 'changetype: \(type)' is a change, "
                        + "not an entry; export the directory as content LDIF (e.g. slapcat or ldapsearch -LLL)")
                }
                continue
            }
            if let i = index[lower] {
                current!.attributes[i].values.append(value)
            } else {
                index[lower] = current!.attributes.count
                current!.attributes.append((name: name, values: [value]))
            }
        }
        if let record = current { records.append(record) }
        return records
    }

    /// Logical lines with the number of their first physical line; a line starting with one
    /// space continues the previous one; comment lines (and their continuations) are dropped.
    private func unfold(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var inComment = false
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.last == "\r" { line.removeLast() }
            if line.first == " " {
                if inComment { continue }
                if !out.isEmpty && !out[out.count - 1].1.isEmpty {
                    out[out.count - 1].1 += line.dropFirst()
                    continue
                }
            }
            if line.first == "#" {
                inComment = true
                continue
            }
            inComment = false
            out.append((number, String(line)))
        }
        return out
    }

    /// `name: value`, `name:: base64` or `name:< url` (refused).
    private func split(_ line: String, _ number: Int) throws(ParseError) -> (String, [UInt8]) {
        guard let colon = line.firstIndex(of: ":") else {
            throw ParseError(message: "\(path):\(number): expected 'attribute: value', found '\(line.prefix(60))'")
        }
        let name = String(line[..<colon])
        guard !name.isEmpty, !name.contains(" ") else {
            throw ParseError(message: "\(path):\(number): '\(name)' is not an attribute name")
        }
        var rest = line[line.index(after: colon)...]
        if rest.first == ":" {
            rest = rest.dropFirst().drop { $0 == " " }
            guard let data = Data(base64Encoded: String(rest)) else {
                throw ParseError(message: "\(path):\(number): the base64 value of '\(name)' is not valid base64")
            }
            return (name, [UInt8](data))
        }
        if rest.first == "<" {
            throw ParseError(message: "\(path):\(number): URL values ('\(name):<') are not supported; inline the value")
        }
        rest = rest.drop { $0 == " " }
        return (name, Array(rest.utf8))
    }
}
