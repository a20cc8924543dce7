/// An operation's plan position (action, then username) in a form that compares fast.
///
/// Comparing 100k usernames as `String`s cost ~0.06 s of sorting; here an ASCII username's
/// first 16 bytes are packed big-endian into two integers, whose order is the strings'
/// order. Only equal prefixes, or a non-ASCII name (which `String` compares in Unicode
/// normal form, not byte order), fall back to comparing the strings, which the caller keeps
/// in an array by `position`: a key holding its `String` was retained and released on
/// every read of the key array during the sort.
struct OperationSortKey {
    let rank: Int32
    /// Where the operation is in the caller's arrays.
    let position: Int32
    let head: UInt64
    let tail: UInt64
    let ascii: Bool

    enum Order { case less, same, greater }

    init(_ op: Operation, position: Int) {
        self.init(action: op.action, username: op.username, position: position)
    }

    init(action: Operation.Action, username: String, position: Int) {
        rank = Int32(action.rank)
        self.position = Int32(position)
        let packed = username.utf8.withContiguousStorageIfAvailable(Self.pack) ?? Self.pack(Array(username.utf8))
        (head, tail, ascii) = packed
    }

    static func pack(_ bytes: [UInt8]) -> (UInt64, UInt64, Bool) {
        bytes.withUnsafeBufferPointer(pack)
    }

    /// The first 16 bytes big-endian in two words, and whether every byte is ASCII.
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, Bool) {
        var head: UInt64 = 0, tail: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            if byte >= 0x80 { return (0, 0, false) }
            if i < 8 { head |= UInt64(byte) << UInt64(56 - 8 * i) }
            else if i < 16 { tail |= UInt64(byte) << UInt64(56 - 8 * (i - 8)) }
        }
        return (head, tail, true)
    }

    /// `usernames[position]` is each key's username.
    func compare(_ other: OperationSortKey, usernames: [String]) -> Order {
        if rank != other.rank { return rank < other.rank ? .less : .greater }
        if ascii && other.ascii {
            if head != other.head { return head < other.head ? .less : .greater }
            if tail != other.tail { return tail < other.tail ? .less : .greater }
        }
        let (mine, theirs) = (usernames[Int(position)], usernames[Int(other.position)])
        if mine == theirs { return .same }
        return mine < theirs ? .less : .greater
    }
}
