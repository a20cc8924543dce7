/// An operation's plan position (action, then username) in a form that compares fast.
///
/// Comparing usernames as `String`s is slow for a large plan's sort; here an ASCII username's
/// first 16 bytes are packed into two integers (`BytePrefix`), whose order is the
/// strings' order. Only equal prefixes, or a non-ASCII name (which `String` compares in Unicode
/// normal form, not byte order), fall back to comparing the strings, which the caller keeps
/// in an array by `position`: a key holding its `String` was retained and released on
/// every read of the key array during the sort.
struct OperationSortKey {
    let rank: Int32
    /// Where the operation is in the caller's arrays.
    let position: Int32
    /// Nil for a non-ASCII username, which is then compared as a string.
    let prefix: BytePrefix?

    enum Order { case less, same, greater }

    init(_ op: AccountOperation, position: Int) {
        self.init(action: op.action, username: op.username, position: position)
    }

    init(action: AccountOperation.Action, username: String, position: Int) {
        rank = Int32(action.rank)
        self.position = Int32(position)
        let ascii = username.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } }
            ?? username.utf8.allSatisfy { $0 < 0x80 }
        prefix = ascii ? BytePrefix(username) : nil
    }

    /// `usernames[position]` is each key's username.
    func compare(_ other: OperationSortKey, usernames: [String]) -> Order {
        if rank != other.rank { return rank < other.rank ? .less : .greater }
        if let mine = prefix, let theirs = other.prefix, mine != theirs { return mine < theirs ? .less : .greater }
        let (mine, theirs) = (usernames[Int(position)], usernames[Int(other.position)])
        if mine == theirs { return .same }
        return mine < theirs ? .less : .greater
    }
}
