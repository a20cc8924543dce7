/// Resolves group member values to the positions of a source's users inside the source,
/// so that half a million member DNs never become strings.
///
/// A source adds each user's DN as the user is read (position = index in the snapshot's
/// `users`) and asks `userPositions(ofMembers:ends:into:)` for member values given as
/// bytes (the LDAP source: each distinct value once, see `MemberNumbering`): a hit goes
/// into `DirectoryGroup.memberUsers`, a miss (a nested group's DN, or someone outside the
/// user search) into `members` as text.
/// DNs compare the RFC 4514 way (`DistinguishedName.normalize`), exactly as
/// `PeopleIndex` compares the values a source leaves unresolved.
public struct MemberResolver: Sendable {
    private var users: KeyTable

    public init(expectedUsers: Int = 1024) {
        users = KeyTable(capacity: max(expectedUsers, 16))
    }

    /// Records the user at `position` of the snapshot's users (the first of equal DNs wins).
    public mutating func addUser(dn: String, position: Int) {
        users.insertIfAbsent(dn, Int32(position))
    }

    /// The positions of the users whose DNs equal member values given as raw bytes, in
    /// batches (see `KeyTable.values(forRaw:ends:into:)`): value `k` is
    /// `bytes[ends[k - 1]..<ends[k]]`; `positions[k]` is its user or -1.
    public func userPositions(ofMembers bytes: UnsafeBufferPointer<UInt8>, ends: [Int32], into positions: inout [Int32]) {
        users.values(forRaw: bytes, ends: ends, into: &positions)
    }
}
