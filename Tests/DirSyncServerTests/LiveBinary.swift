import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `dirsync` executable and small process helpers for the live tests.
enum LiveBinary {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Beside the test bundle (`swift build --build-tests` builds it), or `DIRSYNC_BINARY`.
    static func path() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DIRSYNC_BINARY"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("dirsync").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let fallback = ServerFixture.repository.appendingPathComponent(".build/debug/dirsync").path
        guard FileManager.default.isExecutableFile(atPath: fallback) else {
            throw Failure(description: "the dirsync executable was not found; run 'swift build' first or set DIRSYNC_BINARY")
        }
        return fallback
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
        let path = ServerFixture.repository.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing; run scripts/install-deps.sh")
        }
        return path
    }

    /// A TCP port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Failure(description: "no free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
