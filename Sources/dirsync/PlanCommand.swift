import ArgumentParser
import DirSyncCore
import DirSyncEngine

/// `dirsync plan`: what a sync would do, changing nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read the sources and the target and print what a sync would do; change nothing."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Preview a proposed mapping file or folder instead of the configured one.")
    var mapping: String?

    @Option(name: .long, help: "Also save the plan (JSON) to this file, for review and 'sync --plan'.")
    var out: String?

    func run() async throws {
        let workspace = try global.workspace(mappingOverride: mapping)
        var stages = StageClock(logger: workspace.logger)
        // The world and the decisions stay alive until the process ends: freeing every
        // person object by object before rendering costs time and buys nothing.
        let (world, planning) = try await Output.run { try await workspace.plan() }
        let plan = planning.plan
        stages.lap("planned (since the config was loaded)")
        if let out {
            try Output.write(PlanJSON.encode(plan) + "\n", to: out)
            Output.info("Saved the plan to \(out). Apply exactly this plan with: dirsync sync --plan \(out)")
        }
        switch format {
        // Each part is written as soon as it is rendered, while the next ones render.
        case .table: Output.stdout(streaming: { PlanTableRenderer.render(plan, into: $0) })
        case .json: Output.stdout(streaming: { PlanJSON.encode(plan, into: $0) })
        }
        stages.lap("rendered the plan")
        // All three, explicitly: Swift may free a value after its last use, and freeing
        // the decisions (after `plan` is taken) and the operations (after rendering) is
        // work on the way to exiting (Benchmarks/FINDINGS.md).
        withExtendedLifetime((world, planning, plan)) { Output.finish() }
    }
}
