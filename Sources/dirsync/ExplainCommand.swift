import ArgumentParser
import DirSyncCore
import DirSyncEngine
import Foundation

/// `dirsync explain USER`: why a person gets (or does not get) the account they get.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a person's source entries, groups, matching rules, roles, projects, tags and pending operation."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A username or email.")
    var user: String

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let workspace = try global.workspace()
        let (world, planning) = try await Output.run { try await workspace.plan() }
        guard let explanation = Explainer.explain(
            query: user, index: world.index, engine: planning.engine, accounts: world.accounts,
            ledger: world.ledger, plan: planning.plan
        ) else {
            Output.error("no user '\(user)' in any source (searched usernames and emails, case-insensitively)")
            throw ArgumentParser.ExitCode(1)
        }
        switch format {
        case .table: print(ExplanationRenderer.render(explanation))
        case .json: print(JSONText.encode(explanation))
        }
    }
}
