/// A directory entry that is present in a source but cannot be tied to one person: it has
/// no `match_by` value, or shares it with another entry of the same source.
///
/// Such an entry gets no new account, and the account dirsync already manages for its
/// identity is left exactly as it is: the person is still there, only their entry is
/// ambiguous, so deactivating them as "not in any source" would cut off someone present.
public struct HeldEntry: Sendable, Hashable {
    public var user: DirectoryUser
    /// Why it is held, for warnings and `explain`: `has no email`, `has the same email 'x' as DN`.
    public var why: String

    public init(user: DirectoryUser, why: String) {
        self.user = user
        self.why = why
    }
}
