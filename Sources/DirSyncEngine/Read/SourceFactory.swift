import DirSyncCore
import DirSyncLDAP
import DirSyncSCIM

/// Turns configured sources into adapters: the one place that knows every source type.
public enum SourceFactory {
    public static func make(_ source: SourceSettings) throws -> any DirectorySource {
        switch source.kind {
        case .ldap(let settings):
            return LDAPSource(name: source.name, settings: settings)
        case .ldif(let settings):
            return LDIFSource(name: source.name, settings: settings)
        case .scim(let settings):
            let client = CurlHTTPClient(configuration: CurlHTTPClientConfiguration(connection: settings.connection, concurrency: 2))
            return SCIMSource(name: source.name, settings: settings, transport: client)
        }
    }

    /// Whether the source's groups pass members on through nesting.
    static func nests(_ source: SourceSettings) -> Bool {
        switch source.kind {
        case .ldap(let s): s.groups?.nested ?? true
        case .ldif(let s): s.groups?.nested ?? true
        case .scim: true
        }
    }

    /// The source, also reading the user attributes in `attributes` (those the mapping's
    /// rules test).
    static func reading(_ attributes: Set<String>, from source: SourceSettings) -> SourceSettings {
        var source = source
        switch source.kind {
        case .ldap(var s):
            s.users = s.users.reading(attributes)
            source.kind = .ldap(s)
        case .ldif(var s):
            s.users = s.users.reading(attributes)
            source.kind = .ldif(s)
        case .scim: break
        }
        return source
    }
}
