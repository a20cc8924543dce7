import ArgumentParser

/// `dirsync validate`: checks config and mappings, reports every problem, contacts nothing.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the config and mapping files; report every problem as FILE:LINE:COL; contact nothing."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Validate this mapping file or folder instead of the configured one.")
    var mapping: String?

    func run() throws {
        let workspace = try global.workspace(mappingOverride: mapping)
        let rules = workspace.mapping.rules.count
        let sources = workspace.settings.sources.count
        print("Configuration is valid: \(sources) source\(sources == 1 ? "" : "s"), \(rules) mapping rule\(rules == 1 ? "" : "s").")
    }
}
