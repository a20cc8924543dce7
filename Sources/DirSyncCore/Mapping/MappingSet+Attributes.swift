extension MappingSet {
    /// Every attribute a rule tests, lower-cased: sources read these even when a config's
    /// `users.attributes` forgets one, since a rule that can never see its attribute would
    /// silently match nobody.
    public var referencedAttributes: Set<String> {
        var names: Set<String> = []
        func collect(_ condition: Condition) {
            switch condition {
            case .group, .role: break
            case .attribute(let name, _): names.insert(name.lowercased())
            case .all(let conditions), .any(let conditions): conditions.forEach(collect)
            case .not(let inner): collect(inner)
            }
        }
        rules.forEach { collect($0.condition) }
        return names
    }
}

extension UserSchema {
    /// This schema reading `extra` attributes too (compared case-insensitively).
    public func reading(_ extra: Set<String>) -> UserSchema {
        var schema = self
        let present = Set(attributes.map { $0.lowercased() })
        schema.attributes += extra.subtracting(present).sorted()
        return schema
    }
}
