import DirSyncCore
import Foundation

/// Reads the hand-written tables of an example's `EXPECTED.md` and renders a plan into the
/// same rows, so a test can hold the example's documentation to what dirsync really does.
///
/// A table is found by its header row, cells compared trimmed; its rows are every following
/// line that starts with `|`, minus the `| --- |` separator. Cells keep the Markdown as
/// written, except that backticks are dropped (so `` `svc-*` `` reads as `svc-*`).
enum ExpectedTables {
    /// Header of the table of accounts a first plan creates.
    static let accountsHeader = ["username", "email", "roles", "projects", "tags"]
    /// Header of the table of people who get no account, with the reason `explain` gives.
    static let noAccountHeader = ["username", "reason"]

    /// The rows of the table headed `header` in `markdown`; nil when there is no such table.
    static func rows(under header: [String], in markdown: String) -> [[String]]? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { cells($0) == header }) else { return nil }
        var rows: [[String]] = []
        for line in lines[(start + 1)...] {
            guard line.trimmingCharacters(in: .whitespaces).hasPrefix("|") else { break }
            let row = cells(line)
            if row.allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-: ".contains($0) } }) { continue }
            rows.append(row)
        }
        return rows
    }

    /// The cells of one Markdown table line.
    static func cells(_ line: String) -> [String] {
        var text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("|") else { return [] }
        text.removeFirst()
        if text.hasSuffix("|") { text.removeLast() }
        return text.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "`", with: "").trimmingCharacters(in: .whitespaces) }
    }

    /// One accounts-table row per create, in plan order (by username): roles, projects
    /// (`name: permission`) and tags sorted.
    static func accountRows(_ plan: Plan) -> [[String]] {
        plan.operations.filter { $0.action == .create }.map { op in
            [
                op.username, op.email ?? "", (op.roles ?? []).joined(separator: ", "),
                (op.projects ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.rawValue)" }
                    .joined(separator: ", "),
                (op.tags ?? []).joined(separator: ", "),
            ]
        }
    }

    /// One no-account row per person the mapping keeps out (out of scope or excluded), by
    /// username, with `folder + "/"` cut from the reasons so file locations read relative
    /// to the mapping set.
    static func noAccountRows(_ decisions: [Decision], relativeTo folder: String) -> [[String]] {
        decisions.filter { !$0.scope.isInScope }.map { decision in
            let name = decision.person.entries.lazy.compactMap(\.username).first ?? decision.person.key
            return [name, decision.scope.reason.replacingOccurrences(of: folder + "/", with: "")]
        }.sorted { $0[0] < $1[0] }
    }
}
