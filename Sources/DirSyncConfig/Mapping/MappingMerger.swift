import DirSyncCore

/// Merges parsed mapping files into one `MappingSet` and checks what only the whole set
/// can tell: conflicting scopes, a role defined twice, unknown roles, include cycles.
struct MappingMerger {
    let diagnostics: Diagnostics

    func merge(_ files: [MappingFile]) -> MappingSet {
        var set = MappingSet()
        var scopeSource: (MappingSet.Scope, SourceLocation?, String)?
        var catalogue: [String: RoleDefinition]?
        var references: [MappingFile.RoleReference] = []
        var tested: [MappingFile.RoleReference] = []
        for file in files {
            if let (scope, location) = file.scope {
                if let (first, firstLocation, firstFile) = scopeSource, first != scope {
                    let at = firstLocation?.description ?? firstFile
                    diagnostics.report("scope: \(scope.rawValue) conflicts with scope: \(first.rawValue) at \(at); set scope in one file only", at: location, file: file.file)
                } else if scopeSource == nil {
                    scopeSource = (scope, location, file.file)
                    set.scope = scope
                }
            }
            if let roles = file.roles {
                var merged = catalogue ?? [:]
                for role in roles {
                    if let first = merged[role.name] {
                        let at = first.location?.description ?? "another file"
                        diagnostics.report("role '\(role.name)' is already defined at \(at); define each role once", at: role.location, file: file.file)
                        continue
                    }
                    merged[role.name] = role
                }
                catalogue = merged
            }
            for role in file.defaultRoles where !set.defaultRoles.contains(role) { set.defaultRoles.append(role) }
            if let domains = file.domains { set.domains = (set.domains ?? []) + domains }
            set.rules += file.rules
            set.excludes += file.excludes
            references += file.references
            tested += file.testedRoles
        }
        set.roles = catalogue
        if let catalogue {
            for ref in references + tested where catalogue[ref.name] == nil {
                let hint = KeySuggestion.hint(for: ref.name, in: catalogue.keys.sorted())
                diagnostics.report("unknown role '\(ref.name)'; define it under roles:\(hint)", at: ref.location, file: "")
            }
            reportCycles(catalogue)
        } else {
            // Without a catalogue roles are free names, so a misspelt tested role would
            // silently never hold: it must be one that something grants.
            let granted = Set(references.map(\.name))
            for ref in tested where !granted.contains(ref.name) {
                let hint = KeySuggestion.hint(for: ref.name, in: granted.sorted())
                diagnostics.report("role: '\(ref.name)' is granted by no rule, defaults: or domains:, so this condition never holds\(hint)", at: ref.location, file: "")
            }
        }
        return set
    }

    /// Reports each include cycle once, at the definition of its first role in name order.
    private func reportCycles(_ catalogue: [String: RoleDefinition]) {
        var state: [String: Int] = [:]  // 1 = on the path, 2 = done
        var path: [String] = []
        var reported = Set<[String]>()
        func visit(_ name: String) {
            state[name] = 1
            path.append(name)
            for next in catalogue[name]?.includes ?? [] where catalogue[next] != nil {
                if state[next] == 1 {
                    let cycle = Array(path[path.lastIndex(of: next)!...])
                    let start = cycle.firstIndex(of: cycle.min()!)!
                    let rotated = Array(cycle[start...] + cycle[..<start])
                    if reported.insert(rotated).inserted {
                        let text = (rotated + [rotated[0]]).joined(separator: " -> ")
                        diagnostics.report("role cycle: \(text); a role cannot include itself", at: catalogue[rotated[0]]?.location, file: "")
                    }
                } else if state[next] == nil {
                    visit(next)
                }
            }
            path.removeLast()
            state[name] = 2
        }
        for name in catalogue.keys.sorted() where state[name] == nil { visit(name) }
    }
}
