import ArgumentParser
import DirSyncCore
import DirSyncEngine

/// `dirsync accounts`: the target's accounts as dirsync sees them.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List the target's accounts, their roles, projects and tags, and whether dirsync manages them."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let workspace = try global.workspace()
        let accounts = try await Output.run { try await AccountListing.list(workspace) }
        switch format {
        case .json: print(JSONText.encode(accounts))
        case .table: print(AccountsTable.render(accounts))
        }
    }
}

/// Fixed-width columns, one account a line.
enum AccountsTable {
    static func render(_ accounts: [AccountView]) -> String {
        guard !accounts.isEmpty else { return "No accounts." }
        let header = ["USERNAME", "EMAIL", "STATUS", "MANAGED", "ROLES", "PROJECTS", "TAGS"]
        let rows = accounts.map { a in
            [
                a.username, a.email ?? "-", a.status.rawValue, a.managed ? "yes" : "no",
                a.roles.joined(separator: ","),
                a.projects.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.rawValue)" }.joined(separator: ","),
                a.tags.joined(separator: ","),
            ]
        }
        return TextTable.render(header: header, rows: rows)
    }
}
