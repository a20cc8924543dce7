import DirSyncCore

/// Left-aligned columns padded to the widest cell; empty cells show `-`. Cells hold
/// directory and target text, so each is escaped for the terminal (`TerminalText`).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows.map { $0.map { $0.isEmpty ? "-" : TerminalText.escaped($0) } }
        var widths = Array(repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
