/// A person as one source holds them, before any merging or mapping.
///
/// Sources fill this in and nothing else; every decision about the person is made later by
/// the pure core, so the same entry gives the same result whichever source produced it.
public struct DirectoryUser: Sendable, Hashable {
    /// The configured name of the source that holds this entry.
    public var source: String
    /// The immutable identity (`entryUUID`, `objectGUID` as a UUID string, SCIM `id`): it
    /// survives renames, so the ledger can tell a rename from a leaver plus a newcomer.
    public var id: String
    /// Where the entry lives (its DN for LDAP and LDIF, its resource location for SCIM).
    public var dn: String
    public var username: String?
    public var email: String?
    public var displayName: String?
    /// Whether the source itself has locked the person (nsAccountLock, AD's 0x2 bit, SCIM `active: false`).
    public var disabled: Bool
    /// The extra attributes that mapping rules may test, keyed by the configured attribute name
    /// in lower case; every value as the source wrote it.
    public var attributes: [String: [String]]

    public init(
        source: String, id: String, dn: String, username: String? = nil, email: String? = nil,
        displayName: String? = nil, disabled: Bool = false, attributes: [String: [String]] = [:]
    ) {
        self.source = source
        self.id = id
        self.dn = dn
        self.username = username
        self.email = email
        self.displayName = displayName
        self.disabled = disabled
        self.attributes = attributes
    }

    /// The identity the ledger records for this entry: unique across sources.
    public var identity: String {
        // Concatenated rather than interpolated: this runs for every person of every plan.
        var text = source
        text.reserveCapacity(source.utf8.count + 1 + id.utf8.count)
        text += ":"
        text += id
        return text
    }

    /// `identity`'s bytes appended to `bytes`, for lookups that need no string.
    func appendIdentity(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: source.utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: id.utf8)
    }
}
