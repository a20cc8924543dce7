/// Active Directory's ranged retrieval (`member;range=0-1499`): a server that caps the
/// values per attribute (MaxValRange, 1500 by default) returns the first slice under a
/// ranged name and expects the client to ask for `member;range=1500-*` and so on, until a
/// slice ends in `*`. Reading only the first slice would silently drop members.
struct RangedAttribute: Equatable {
    /// The attribute name without options (`member`).
    var name: String
    var low: Int
    /// nil for `*`: this slice is the last.
    var high: Int?

    /// Parses `name;range=low-high` (other options before or after are kept out of `name`);
    /// nil when the description carries no range option.
    init?(_ description: String) {
        let parts = description.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count > 1,
              let range = parts.dropFirst().first(where: { $0.lowercased().hasPrefix("range=") }) else { return nil }
        let bounds = range.dropFirst("range=".count).split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let low = Int(bounds[0]) else { return nil }
        if bounds[1] == "*" {
            high = nil
        } else if let value = Int(bounds[1]), value >= low {
            high = value
        } else {
            return nil
        }
        name = String(parts[0])
        self.low = low
    }

    /// The description to request the next slice with, or nil after the last one.
    var next: String? {
        high.map { "\(name);range=\($0 + 1)-*" }
    }
}

/// An entry whose attribute was cut into ranges: the rest must be fetched by DN.
struct RangeContinuation {
    var slot: Int
    /// e.g. `member;range=1500-*`
    var request: String
}
