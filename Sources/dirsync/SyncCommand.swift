import ArgumentParser
import DirSyncCore
import DirSyncEngine
import Foundation

/// `dirsync sync`: plan, check the guards, apply, record.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Plan, check the safety guards, apply, and record every operation in the audit log."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Plan and check the guards, but change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Apply even when more accounts would be deactivated or deleted than the safety limits allow.")
    var allowMassChanges = false

    @Option(name: .long, help: "Apply exactly this saved plan (from 'plan --out'); refused if the world changed since.")
    var plan: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let workspace = try global.workspace()
        let savedPlan = try plan.map(loadSavedPlan)
        let console = SyncConsole(render: Self.renderer(format))
        let request = SyncRequest(dryRun: dryRun, allowMassChanges: allowMassChanges, savedPlan: savedPlan)
        let outcome = try await Output.run { try await SyncRunner(workspace: workspace).run(request, events: console.handler) }
        Output.stdout(parts: await console.output(for: outcome))
        if format == .table, !dryRun, !outcome.applied.isEmpty { Output.stdout(Array("Applied.".utf8)) }
        if outcome.exitCode != .success {
            Output.error("\(outcome.failures.count) operation(s) failed and are recorded in the history; the rest were applied. Fix the cause and run sync again.")
            throw ArgumentParser.ExitCode(outcome.exitCode.rawValue)
        }
        Output.finish()
    }

    /// How the applied operations are printed in `format`.
    private static func renderer(_ format: OutputFormat) -> @Sendable (Plan) -> [[UInt8]] {
        switch format {
        case .table: return { PlanTableRenderer.renderParts($0) }
        case .json: return { PlanJSON.encodeParts($0) }
        }
    }

    private func loadSavedPlan(_ path: String) throws -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            Output.error("cannot read the saved plan \(path); make one with 'dirsync plan --out \(path)'")
            throw ArgumentParser.ExitCode(1)
        }
        do {
            return try PlanJSON.decode(data)
        } catch {
            Output.error("\(path) is not a plan saved by 'dirsync plan --out': \(error)")
            throw ArgumentParser.ExitCode(1)
        }
    }
}
