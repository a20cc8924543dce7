import Foundation

/// The plan as contract section 4 prints it, and back (for `sync --plan FILE`).
///
/// Keys are sorted and slashes unescaped so that a saved plan diffs cleanly in review.
public enum PlanJSON {
    public static func encode(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings, arrays and dictionaries cannot fail.
        let data = try! encoder.encode(plan)
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(_ data: Data) throws -> Plan {
        try JSONDecoder().decode(Plan.self, from: data)
    }
}
