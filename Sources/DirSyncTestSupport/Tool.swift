import Foundation

/// Runs the OpenLDAP and OpenSSL command-line tools the test server needs.
public enum Tool {
    /// Runs a tool to completion; throws with its output when it fails.
    public static func run(_ path: String, _ arguments: [String], input: String? = nil) throws {
        let (status, output) = try capture(path, arguments, input: input)
        guard status == 0 else {
            let name = (path as NSString).lastPathComponent
            throw SlapdError(message: "\(name) failed with status \(status): \(output)", retryable: false)
        }
    }

    /// Runs a tool to completion and returns its status and combined output.
    public static func capture(_ path: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Output goes to a file, not a pipe: a full pipe would block the child.
        let outURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("dirsync-tool-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL) }
        let out = try FileHandle(forWritingTo: outURL)
        defer { try? out.close() }
        process.standardOutput = out
        process.standardError = out
        var inURL: URL?
        if let input {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("dirsync-tool-\(UUID().uuidString).in")
            try input.write(to: url, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: url)
            inURL = url
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { if let inURL { try? FileManager.default.removeItem(at: inURL) } }
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}
