import Foundation
import Yams

/// `${NAME}` expansion in config files.
extension YAMLReader {
    /// Expands `${NAME}` from the environment (`$${` writes a literal `${`); an unset
    /// variable is reported at the scalar.
    func expand(_ text: String, at node: Node) -> String? {
        guard let environment, text.contains("${") else { return text }
        var result = ""
        var ok = true
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[rest.startIndex..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.hasPrefix("${") {
                result += "${"
                rest = after.dropFirst(2)
                continue
            }
            if after.hasPrefix("{"), let close = after.firstIndex(of: "}") {
                let name = String(after[after.index(after: after.startIndex)..<close])
                if YAMLReader.isVariableName(name) {
                    if let value = environment[name] {
                        result += value
                    } else {
                        report("environment variable \(name) is not set; export it or write the value here", at: node)
                        ok = false
                    }
                    rest = after[after.index(after: close)...]
                    continue
                }
            }
            result += "$"
            rest = after
        }
        result += rest
        return ok ? result : nil
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }
}
