/// What a sync would do, as `plan` prints it and `sync --plan` applies it (contract section 4).
///
/// Deterministic: operations are sorted by action then username, so the same world always
/// gives the same plan and plans can be compared with `==`.
public struct Plan: Sendable, Hashable, Codable {
    public var summary: Summary
    public var operations: [AccountOperation]
    /// Problems that did not stop planning (users without the match key, duplicates, …).
    public var warnings: [String]

    public init(operations: [AccountOperation], warnings: [String] = []) {
        // The planner hands over sorted operations: check in place rather than sort a copy.
        var sorted = true
        for i in operations.indices.dropFirst() {
            let (a, b) = (operations[i].action, operations[i - 1].action)
            if a < b || (a == b && operations[i].username < operations[i - 1].username) {
                sorted = false
                break
            }
        }
        self.operations = sorted ? operations : operations.sorted {
            $0.action != $1.action ? $0.action < $1.action : $0.username < $1.username
        }
        self.summary = Summary(counting: self.operations)
        self.warnings = warnings
    }

    public var isEmpty: Bool { operations.isEmpty }

    /// Counts per action, in the contract's key order.
    public struct Summary: Sendable, Hashable, Codable {
        public var create = 0
        public var adopt = 0
        public var update = 0
        public var deactivate = 0
        public var reactivate = 0
        public var delete = 0

        public init(counting operations: [AccountOperation]) {
            for i in operations.indices {
                switch operations[i].action {
                case .create: create += 1
                case .adopt: adopt += 1
                case .update: update += 1
                case .deactivate: deactivate += 1
                case .reactivate: reactivate += 1
                case .delete: delete += 1
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case create, adopt, update, deactivate, reactivate, delete
        }

        /// `adopt` may be missing: plans saved and runs recorded before adoption was an
        /// operation counted none.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            create = try c.decode(Int.self, forKey: .create)
            adopt = try c.decodeIfPresent(Int.self, forKey: .adopt) ?? 0
            update = try c.decode(Int.self, forKey: .update)
            deactivate = try c.decode(Int.self, forKey: .deactivate)
            reactivate = try c.decode(Int.self, forKey: .reactivate)
            delete = try c.decode(Int.self, forKey: .delete)
        }

        public subscript(action: AccountOperation.Action) -> Int {
            switch action {
            case .create: create
            case .adopt: adopt
            case .update: update
            case .deactivate: deactivate
            case .reactivate: reactivate
            case .delete: delete
            }
        }
    }
}
