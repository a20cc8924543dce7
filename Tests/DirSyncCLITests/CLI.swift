import Foundation

/// Runs the built `dirsync` executable as a child process, as an operator or a script
/// would, and hands back its exit status and both output streams.
///
/// The children here run to completion on their own, so Foundation's `Process` is enough
/// (the signal-mask trouble `DirSyncTestSupport.ChildProcess` works around only bites a
/// child that must be stopped with SIGTERM).
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `dirsync` next to this test bundle (`.build/<triple>/debug/`), or `DIRSYNC_BIN`.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["DIRSYNC_BIN"] { return path }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates = [runner.deletingLastPathComponent().appendingPathComponent("dirsync").path]
        // Under some runners argv[0] is the toolchain's helper: fall back to the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/dirsync").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    /// Runs `dirsync arguments...` in `directory`; output goes through files, so a chatty
    /// child never blocks on a full pipe.
    static func run(_ arguments: [String], in directory: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outPath = directory + "/.cli-\(UUID().uuidString).out"
        let errPath = directory + "/.cli-\(UUID().uuidString).err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
