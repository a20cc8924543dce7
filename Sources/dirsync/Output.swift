import ArgumentParser
import DirSyncEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where text goes: results to stdout, progress and errors to stderr; and how engine
/// failures become the contract's exit codes.
enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("dirsync: " + message + "\n").utf8))
    }

    /// Writes bytes and a newline to stdout in one go (a large plan is tens of megabytes;
    /// `print` would copy it into a String first).
    static func stdout(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { writeAll($0) }
        [UInt8(0x0A)].withUnsafeBufferPointer { writeAll($0) }
    }

    /// Writes consecutive parts of one output, then a newline.
    static func stdout(parts: [[UInt8]]) {
        for part in parts { part.withUnsafeBufferPointer { writeAll($0) } }
        [UInt8(0x0A)].withUnsafeBufferPointer { writeAll($0) }
    }

    /// Writes the parts `produce` hands over, each at once, then a newline.
    static func stdout(streaming produce: (_ write: ([UInt8]) -> Void) -> Void) {
        produce { part in part.withUnsafeBufferPointer { writeAll($0) } }
        [UInt8(0x0A)].withUnsafeBufferPointer { writeAll($0) }
    }

    /// `write(2)` until everything is out, without copying the buffer.
    private static func writeAll(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard var next = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let n = Glibc.write(1, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                return  // stdout closed (a pipe into `head`): nothing more to say
            }
            next += n
            left -= n
        }
    }

    /// Ends a successful command at once. The work is done and its output written; letting
    /// Swift free a whole world and plan object by object on the way out costs time, for
    /// memory the kernel reclaims in one go anyway.
    static func finish() -> Never {
        fflush(nil)
        exit(0)
    }

    static func info(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Runs engine work; a `DirSyncFailure` prints its message and exits with its code.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as DirSyncFailure {
            error(failure.message)
            throw ArgumentParser.ExitCode(failure.code.rawValue)
        }
    }

    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as DirSyncFailure {
            error(failure.message)
            throw ArgumentParser.ExitCode(failure.code.rawValue)
        }
    }

    /// Writes `text` to a file, or fails with exit 1 naming the path.
    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            self.error("could not write \(path): \(error.localizedDescription)")
            throw ArgumentParser.ExitCode(1)
        }
    }
}
