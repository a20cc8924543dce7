import Yams

/// A mapping's known keys in file order, each with its key node for locations.
struct Fields {
    struct Pair {
        let key: String
        let keyNode: Node
        let value: Node
    }

    let node: Node
    let pairs: [Pair]

    subscript(_ key: String) -> Node? { pairs.first { $0.key == key }?.value }

    func keyNode(_ key: String) -> Node? { pairs.first { $0.key == key }?.keyNode }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }
}
