import ArgumentParser
import DirSyncCore
import DirSyncEngine
import Foundation

/// `dirsync history`: past runs and their operations, newest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show past runs and their operations, newest first."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How many runs to show.")
    var limit: Int = 10

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be a positive number of runs") }
    }

    func run() throws {
        let workspace = try global.workspace()
        let entries = try Output.run { try HistoryReader.read(workspace.settings, limit: limit) }
        switch format {
        case .json: print(JSONText.encode(entries))
        case .table: print(render(entries))
        }
    }

    private func render(_ entries: [RunHistoryEntry]) -> String {
        guard !entries.isEmpty else { return "No runs yet." }
        let formatter = ISO8601DateFormatter()
        return entries.map { entry in
            let run = entry.run
            let s = run.summary
            var lines = [
                "run \(run.id)  \(run.status.rawValue)  \(run.trigger)  started \(formatter.string(from: run.startedAt))"
                    + "  create \(s.create),\(s.adopt > 0 ? " adopt \(s.adopt)," : "") update \(s.update), deactivate \(s.deactivate), reactivate \(s.reactivate), delete \(s.delete)"
                    + (run.failures > 0 ? ", \(run.failures) failed" : ""),
            ]
            if let message = run.message { lines.append("  \(message.replacingOccurrences(of: "\n", with: "\n  "))") }
            for op in entry.operations {
                let error = op.error.map { ": \($0)" } ?? ""
                lines.append("  \(op.action.rawValue) \(op.username) \(op.result)\(error)")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
