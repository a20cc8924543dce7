import ArgumentParser

/// The root command only lists the subcommands; each lives in its own file.
struct DirSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirsync",
        abstract: "Keeps an application's user accounts in step with the corporate directory.",
        version: DirSyncVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, SyncCommand.self, ExplainCommand.self,
            AccountsCommand.self, HistoryCommand.self, ServeCommand.self,
        ]
    )
}

/// The version `dirsync --version` prints and `/metrics` reports as `dirsync_build_info`.
enum DirSyncVersion {
    static let current = "0.1.0"
}
