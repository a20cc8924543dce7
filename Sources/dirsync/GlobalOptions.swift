import ArgumentParser
import DirSyncEngine
import Foundation
import Logging

/// Flags every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The config file.")
    var config: String = "./dirsync.yaml"

    @Flag(name: .shortAndLong, help: "Log debug detail to stderr.")
    var verbose = false

    /// A logger writing progress to stderr, so stdout carries only results. Log messages
    /// quote directory text, so control characters are escaped (`TerminalSafeLogHandler`).
    func logger() -> Logger {
        var logger = Logger(label: "dirsync") { label in
            TerminalSafeLogHandler(StreamLogHandler.standardError(label: label))
        }
        logger.logLevel = verbose ? .debug : .info
        return logger
    }

    /// Loads and validates config and mappings, or ends the command with exit 1.
    func workspace(mappingOverride: String? = nil) throws -> Workspace {
        try Output.run { try Workspace.load(configPath: config, mappingOverride: mappingOverride, logger: logger()) }
    }
}

/// `--format table|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
