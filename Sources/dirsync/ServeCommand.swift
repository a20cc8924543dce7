import ArgumentParser
import DirSyncServer
import Foundation
import Logging

/// `dirsync serve`: the daemon (schedule, signed webhooks, HTTP API; contract section 6).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: nightly schedule, signed webhooks and the HTTP API (stop with SIGTERM, reload with SIGHUP)."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How long a run waits for a CLI sync holding the state lock before it is 'locked' (e.g. 30s).")
    var lockWait: String = "30s"

    func validate() throws {
        guard Self.seconds(lockWait) != nil else { throw ValidationError("--lock-wait takes a duration such as 30s or 2m") }
    }

    func run() async throws {
        let logger = global.logger()
        do {
            try await DirSyncServe.run(
                configPath: global.config, version: DirSyncVersion.current,
                lockWait: .milliseconds(Int64(Self.seconds(lockWait)! * 1000)), logger: logger)
        } catch let setup as ServerSetupError {
            Output.error(setup.description)
            throw ArgumentParser.ExitCode(1)
        }
    }

    private static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last.flatMap({ units[$0] }), let value = Double(text.dropLast()), value >= 0 else {
            return Double(text)
        }
        return value * unit
    }
}
