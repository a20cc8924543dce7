/// The nesting between groups, resolved once per sync: for each group, the groups it
/// passes its members on to (its ancestors), computed per group and not per user.
///
/// Cycles in the directory (A in B in A) are legal there and terminate here: each
/// closure is a breadth-first walk that visits every group at most once.
struct GroupGraph: Sendable {
    /// `parents[g]`: groups that list `g` as a member.
    let parents: [[Int32]]
    /// Ancestor closure of every group, itself included, as a flat list with offsets.
    private let offsets: [Int]
    private let list: [Int32]

    init(parents: [[Int32]]) {
        self.parents = parents
        var offsets: [Int] = [0]
        offsets.reserveCapacity(parents.count + 1)
        var list: [Int32] = []
        list.reserveCapacity(parents.count)
        var seen = [Int32](repeating: -1, count: parents.count)
        var queue: [Int32] = []
        for g in parents.indices {
            list.append(Int32(g))
            if !parents[g].isEmpty {
                seen[g] = Int32(g)
                queue.removeAll(keepingCapacity: true)
                queue.append(Int32(g))
                var head = 0
                while head < queue.count {
                    let current = Int(queue[head])
                    head += 1
                    for p in parents[current] where seen[Int(p)] != Int32(g) {
                        seen[Int(p)] = Int32(g)
                        list.append(p)
                        queue.append(p)
                    }
                }
            }
            offsets.append(list.count)
        }
        self.offsets = offsets
        self.list = list
    }

    /// The group and every group it is nested in, directly or transitively.
    func closure(of group: Int) -> ArraySlice<Int32> {
        list[offsets[group]..<offsets[group + 1]]
    }

    /// For each group reachable from `direct`, the shortest chain of groups from a direct
    /// group to it (first element direct, last element the group).
    func shortestPaths(from direct: [Int32]) -> [Int32: [Int32]] {
        var previous: [Int32: Int32] = [:]
        var paths: [Int32: [Int32]] = [:]
        var queue: [Int32] = []
        for g in direct.sorted() where paths[g] == nil {
            paths[g] = [g]
            queue.append(g)
        }
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for p in parents[Int(current)] where paths[p] == nil {
                previous[p] = current
                paths[p] = paths[current]! + [p]
                queue.append(p)
            }
        }
        return paths
    }
}
