import ArgumentParser
import Foundation

/// Entry point: runs the parsed command and maps every failure to the contract's exit codes
/// (a command-line error is exit 1, not argument-parser's 64).
@main
enum Main {
    static func main() async {
        do {
            var command = try DirSync.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = DirSync.exitCode(for: error)
            let message = DirSync.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if !message.isEmpty { Output.error(message) }
            exit(code == .validationFailure ? 1 : code.rawValue)
        }
    }
}
