import Foundation
import Yams

/// `version:` is optional in every file; only 1 exists.
enum VersionCheck {
    static func check(_ node: Node, reader: YAMLReader) {
        guard let text = reader.string(node, expected: "version 1") else { return }
        if text.trimmingCharacters(in: .whitespaces) != "1" {
            reader.report("unsupported version \(text); this dirsync reads version 1 (or omit version:)", at: node)
        }
    }
}
