/// The port every directory adapter (LDAP, LDIF, SCIM) implements.
///
/// Adding a source means adding one adapter; the core never learns where a snapshot came from.
public protocol DirectorySource: Sendable {
    /// The configured source name.
    var name: String { get }
    /// Reads the whole directory or throws a `SourceError`; never returns a partial snapshot.
    func readSnapshot() async throws -> DirectorySnapshot
}

/// Why a source could not be read completely. Maps to exit code 2: nothing is changed.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }
    public var description: String { "source '\(source)': \(message)" }
}
