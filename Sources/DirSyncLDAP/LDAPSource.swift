import DirSyncCore
import Foundation

/// An LDAP directory (OpenLDAP, Active Directory, 389-DS, …) read as a `DirectorySource`
/// over libldap: failover across URLs, TLS with certificate verification, simple bind,
/// and paged, streamed subtree searches for users and groups.
///
/// The whole read runs on a thread of its own, the groups on a second thread and
/// connection of their own (`LDAPThreads`, `LDAPReader`). A cancelled task still waits for
/// the read to finish (bounded by `timeoutSeconds` per message).
///
/// Identity: `users.id` is read as text (`entryUUID`), except `objectGUID`, whose 16 bytes
/// become a lower-case UUID string in AD's mixed-endian order (see `ObjectGUID`).
/// `pageSize <= 0` turns paging off; a server size limit then fails the read.
public struct LDAPSource: DirectorySource {
    public let name: String
    public let settings: LDAPSourceSettings

    public init(name: String, settings: LDAPSourceSettings) {
        self.name = name
        self.settings = settings
    }

    /// Reads every user and group, or throws a `SourceError`; never a partial snapshot.
    public func readSnapshot() async throws -> DirectorySnapshot {
        let name = self.name
        let settings = self.settings
        return try await LDAPThreads.run(named: "dirsync-ldap-\(name)") { () throws(SourceError) in
            try LDAPReader(source: name, settings: settings).read()
        }
    }
}
