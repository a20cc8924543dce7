import DirSyncCore
import Foundation
import Yams

/// Reads typed values out of one YAML file's node tree and reports every mismatch at the
/// node's line and column; each accessor returns nil after reporting, so a caller simply
/// skips the value and carries on collecting problems.
struct YAMLReader {
    /// The file name as problems show it.
    let file: String
    let diagnostics: Diagnostics
    /// Variables `${NAME}` expands from; nil in mapping files, where `${name}` is a regex capture.
    let environment: [String: String]?

    /// Parses `text`; a syntax error becomes a problem at the parser's line and column.
    /// Returns nil for an empty document or a syntax error.
    func parse(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _),
                 .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                var message = "YAML syntax error: \(problem)"
                if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
                if YAMLReader.character(in: text, line: mark.line, column: mark.column) == "\t" {
                    message += "; YAML indents with spaces, not tabs"
                }
                report(message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
            case .reader(let problem, _, _, _):
                report("cannot read YAML: \(problem); save the file as UTF-8", at: nil as SourceLocation?)
            default:
                report("cannot read YAML: \(error)", at: nil as SourceLocation?)
            }
            return nil
        } catch {
            report("cannot read YAML: \(error)", at: nil as SourceLocation?)
            return nil
        }
    }

    /// The character at a 1-based line and column (counted in Unicode scalars, as libyaml does).
    static func character(in text: String, line: Int, column: Int) -> Unicode.Scalar? {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1])
        guard column >= 1, column <= scalars.count else { return nil }
        return scalars[column - 1]
    }

    // MARK: Locations and reporting

    func location(_ node: Node?) -> SourceLocation? {
        guard let mark = node?.mark else { return nil }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    func report(_ message: String, at location: SourceLocation?) {
        diagnostics.report(message, at: location, file: file)
    }

    func report(_ message: String, at node: Node) {
        report(message, at: location(node))
    }

    /// How a node reads in "expected …, found …" messages.
    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            if isNull(node) { return "nothing" }
            let text = node.scalar?.string ?? ""
            return text.count > 60 ? "'\(text.prefix(57))...'" : "'\(text)'"
        }
    }

    /// `key:` with no value, `~` or `null`, unquoted.
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: Scalars

    /// Any non-null scalar as text (numbers and booleans as written), `${NAME}` expanded in config files.
    func string(_ node: Node, expected: String = "a string") -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report("expected \(expected), found \(kind(node))", at: node)
            return nil
        }
        return expand(scalar.string, at: node)
    }

    /// A non-empty string.
    func nonEmptyString(_ node: Node, what: String) -> String? {
        guard let text = string(node) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            report("\(what) is empty", at: node)
            return nil
        }
        return text
    }

    func bool(_ node: Node) -> Bool? {
        guard case .scalar = node, !isNull(node) else {
            report("expected true or false, found \(kind(node))", at: node)
            return nil
        }
        guard let text = string(node) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            report("expected true or false, found '\(text)'", at: node)
            return nil
        }
    }

    func int(_ node: Node) -> Int? {
        guard case .scalar = node, !isNull(node) else {
            report("expected a whole number, found \(kind(node))", at: node)
            return nil
        }
        guard let text = string(node) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            report("expected a whole number, found '\(text)'", at: node)
            return nil
        }
        return value
    }

    /// A whole number within `range`; outside it, "`key` must be between … (`why`)" is
    /// reported, so that the operator sees the bounds and what the number is for.
    func int(_ node: Node, in range: ClosedRange<Int>, key: String, why: String) -> Int? {
        guard let value = int(node) else { return nil }
        guard range.contains(value) else {
            report("\(key) must be between \(range.lowerBound) and \(range.upperBound) (\(why))", at: node)
            return nil
        }
        return value
    }

    /// One of `choices`, compared case-sensitively, with a suggestion for a near miss.
    func choice(_ node: Node, _ choices: [String]) -> String? {
        guard let text = string(node, expected: choices.map { "'\($0)'" }.joined(separator: " or ")) else { return nil }
        if choices.contains(text) { return text }
        report("expected \(choices.joined(separator: " or ")), found '\(text)'\(KeySuggestion.hint(for: text, in: choices))", at: node)
        return nil
    }

    // MARK: Collections

    /// The items of a list; a null value reads as an empty list.
    func list(_ node: Node, of what: String) -> [Node]? {
        if isNull(node) { return [] }
        guard case .sequence(let seq) = node else {
            report("expected a list of \(what), found \(kind(node))", at: node)
            return nil
        }
        return Array(seq)
    }

    /// A list of strings with each string's node; `allowSingle` also accepts one plain string.
    func stringList(_ node: Node, allowSingle: Bool = false) -> [(value: String, node: Node)]? {
        if allowSingle, case .scalar = node, !isNull(node) {
            return string(node).map { [($0, node)] }
        }
        if isNull(node) { return [] }
        guard case .sequence(let seq) = node else {
            report("expected \(allowSingle ? "a string or " : "")a list of strings, found \(kind(node))", at: node)
            return nil
        }
        var result: [(value: String, node: Node)] = []
        var ok = true
        for item in seq {
            guard case .scalar = item, !isNull(item) else {
                report("expected a list of strings; this item is \(kind(item))", at: item)
                ok = false
                continue
            }
            if let text = string(item) { result.append((text, item)) } else { ok = false }
        }
        return ok ? result : nil
    }

    /// A mapping's keys and values, with unknown keys and duplicates reported; `context`
    /// names the mapping in messages ("unknown key 'fitler' in users"). A null value
    /// reads as an empty mapping.
    func fields(_ node: Node, in context: String, allowed: [String]) -> Fields? {
        if isNull(node) { return Fields(node: node, pairs: []) }
        guard case .mapping(let mapping) = node else {
            report("expected a mapping for \(context), found \(kind(node))", at: node)
            return nil
        }
        var pairs: [Fields.Pair] = []
        var firstSeen: [String: Node] = [:]
        func add(_ key: String, _ keyNode: Node, _ value: Node, merged: Bool) {
            if let first = firstSeen[key] {
                if !merged {
                    let at = location(first).map { " (first at line \($0.line), column \($0.column))" } ?? ""
                    report("duplicate key '\(key)' in \(context)\(at); keep one", at: keyNode)
                }
                return
            }
            firstSeen[key] = keyNode
            if allowed.contains(key) {
                pairs.append(.init(key: key, keyNode: keyNode, value: value))
            } else {
                report("unknown key '\(key)' in \(context)\(KeySuggestion.hint(for: key, in: allowed))", at: keyNode)
            }
        }
        var mergeSources: [Node] = []
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? kind(keyNode)
            if key == "<<", case .scalar(let s) = keyNode, s.style == .plain {
                if case .sequence(let seq) = value { mergeSources.append(contentsOf: seq) } else { mergeSources.append(value) }
                continue
            }
            add(key, keyNode, value, merged: false)
        }
        for source in mergeSources {
            guard case .mapping(let merged) = source else {
                report("a '<<' merge needs a mapping (an alias such as *defaults), found \(kind(source))", at: source)
                continue
            }
            for (keyNode, value) in merged {
                add(keyNode.scalar?.string ?? kind(keyNode), keyNode, value, merged: true)
            }
        }
        return Fields(node: node, pairs: pairs)
    }
}
