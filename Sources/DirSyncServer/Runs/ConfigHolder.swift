import Foundation

/// The config in force, swapped whole by a reload; a run keeps the config it started with.
public final class ConfigHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var config: DaemonConfig

    public init(_ config: DaemonConfig) {
        self.config = config
    }

    public var current: DaemonConfig {
        lock.lock()
        defer { lock.unlock() }
        return config
    }

    func replace(with config: DaemonConfig) {
        lock.lock()
        defer { lock.unlock() }
        self.config = config
    }
}
