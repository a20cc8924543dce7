import DirSyncTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `dirsync` executable and small process helpers for the live tests.
enum LiveBinary {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The built `dirsync` (`DirSyncExecutable` finds it).
    static func path() throws -> String {
        try DirSyncExecutable.path()
    }

    /// Runs a short command to its end: exit status and stdout+stderr.
    static func run(_ path: String, _ arguments: [String], in dir: URL? = nil, input: String? = nil) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let dir { process.currentDirectoryURL = dir }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The test venv's Python (scripts/install-deps.sh puts standardwebhooks and
    /// prometheus-client there).
    static func python() throws -> String {
        let path = Repository.root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing; run scripts/install-deps.sh")
        }
        return path
    }
}
