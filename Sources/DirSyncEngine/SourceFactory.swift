import DirSyncCore
import DirSyncLDAP

/// Turns configured sources into adapters. The one place that knows every source type.
public enum SourceFactory {
    public static func make(_ source: SourceSettings) throws -> any DirectorySource {
        switch source.kind {
        case .ldap(let settings):
            return LDAPSource(name: source.name, settings: settings)
        case .ldif(let settings):
            return LDIFSource(name: source.name, settings: settings)
        case .scim:
            throw DirSyncFailure(
                .invalidInput,
                "source '\(source.name)': type scim is not supported by this build yet; use an ldap or ldif source"
            )
        }
    }

    /// Names of sources whose groups pass members on through nesting.
    public static func nestedSources(_ sources: [SourceSettings]) -> Set<String> {
        var names: Set<String> = []
        for source in sources {
            switch source.kind {
            case .ldap(let s): if s.groups?.nested ?? true { names.insert(source.name) }
            case .ldif(let s): if s.groups?.nested ?? true { names.insert(source.name) }
            case .scim: break
            }
        }
        return names
    }
}
