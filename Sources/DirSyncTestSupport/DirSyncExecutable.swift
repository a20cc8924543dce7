import Foundation

/// The built `dirsync` executable, run as a child process the way an operator or a script
/// runs it. One lookup for every suite that runs the binary, so they all test the same file.
///
/// These children run to completion on their own, so Foundation's `Process` is enough (the
/// signal-mask trouble `ChildProcess` works around only bites a child stopped by SIGTERM).
public enum DirSyncExecutable {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    /// `DIRSYNC_BINARY` if set; else `dirsync` beside the test bundle (`swift build
    /// --build-tests` builds both) or one level up; else `.build/debug/dirsync` in the package
    /// (some runners start the tests through a toolchain helper, so argv[0] is elsewhere).
    public static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DIRSYNC_BINARY"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            beside.appendingPathComponent("dirsync").path,
            beside.deletingLastPathComponent().appendingPathComponent("dirsync").path,
            Repository.root.appendingPathComponent(".build/debug/dirsync").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotFound(
                description: "the dirsync executable was not found (looked at \(candidates.joined(separator: ", "))); "
                    + "run 'swift build --build-tests' first or set DIRSYNC_BINARY")
        }
        return found
    }

    /// Runs `dirsync arguments...` to its end in `directory`. Output goes through files, so a
    /// chatty child never blocks on a full pipe.
    public static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dirsync-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}
