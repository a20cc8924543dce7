import DirSyncCore

/// What one mapping file declares, before files are merged and roles checked across them.
struct MappingFile {
    /// A role named somewhere (includes, defaults, domains, rules), kept with its place so
    /// that an unknown role is reported where it was written.
    struct RoleReference {
        let name: String
        let location: SourceLocation?
    }

    var file: String
    var scope: (value: MappingSet.Scope, location: SourceLocation?)?
    /// nil when the file has no `roles:`.
    var roles: [RoleDefinition]?
    var defaultRoles: [String] = []
    var domains: [DomainRule]?
    var rules: [MappingRule] = []
    var excludes: [ExcludeRule] = []
    var references: [RoleReference] = []
    /// The roles that `role:` conditions test: checked like `references`, and without a
    /// catalogue against the roles something grants.
    var testedRoles: [RoleReference] = []

    init(file: String) { self.file = file }
}
