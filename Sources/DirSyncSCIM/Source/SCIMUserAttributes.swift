/// A SCIM User's attributes as mapping rules see them: by name, lower-cased, every value a
/// string; core attributes (`title`, `userType`, `emails`, ...) and those of schema
/// extensions (the enterprise `department`, `employeeNumber`, `manager`, ...) alike.
///
/// Flattened by name rather than by schema URN because a rule author writes
/// `attribute: department`, not the extension's URN; a complex attribute's parts are
/// also there as `name.givenname`.
enum SCIMUserAttributes {
    /// Attributes that are the resource's own bookkeeping, not facts about the person.
    static let skipped: Set<String> = ["schemas", "meta", "id", "password"]

    static func flatten(_ user: JSONValue) -> [String: [String]] {
        var attributes: [String: [String]] = [:]
        for (key, value) in user.object ?? [:] where !skipped.contains(key) {
            if key.hasPrefix("urn:") {
                // A schema extension: its attributes by their own names.
                for (inner, innerValue) in innerFields(value) { add(inner, innerValue, to: &attributes) }
            } else {
                add(key, value, to: &attributes)
            }
        }
        return attributes
    }

    private static func innerFields(_ value: JSONValue) -> [(String, JSONValue)] {
        (value.object ?? [:]).map { ($0.key, $0.value) }
    }

    private static func add(_ name: String, _ value: JSONValue, to attributes: inout [String: [String]]) {
        let key = name.lowercased()
        switch value {
        case .null: break
        case .string, .number, .bool:
            if let text = scalar(value) { attributes[key, default: []].append(text) }
        case .array(let items):
            for item in items {
                if let text = scalar(item) {
                    attributes[key, default: []].append(text)
                } else if let text = item["value"].flatMap(scalar) {
                    // Multi-valued complex attributes (emails, roles, phoneNumbers): their values.
                    attributes[key, default: []].append(text)
                }
            }
        case .object(let fields):
            // A complex attribute: `manager` is its `value`, every part is `name.part`.
            if let text = fields["value"].flatMap(scalar) { attributes[key, default: []].append(text) }
            for (part, partValue) in fields {
                if let text = scalar(partValue) { attributes["\(key).\(part.lowercased())", default: []].append(text) }
            }
        }
    }

    private static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSONValue.text(of: n)
        default: return nil
        }
    }
}
