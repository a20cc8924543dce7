extension MappingSet {
    /// Every role a rule grants or tests, the defaults grant or a domain grants.
    var mentionedRoles: [String] {
        rules.flatMap { $0.roles + $0.condition.testedRoles } + defaultRoles + (domains ?? []).flatMap(\.roles)
    }

    /// Every role these mappings know: mentioned anywhere, in the `roles:` catalogue, or
    /// included by a catalogued role. A target that cannot tell its roles from the
    /// application's own groups by name alone asks this.
    public var knownRoles: Set<String> {
        var all = Set(mentionedRoles)
        for (name, definition) in roles ?? [:] {
            all.insert(name)
            all.formUnion(definition.includes)
        }
        return all
    }
}
