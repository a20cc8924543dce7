/// One field of a cron expression: a comma-separated list of `*`, values, ranges and steps.
enum CronField {
    static let monthNames = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]
    static let dayNames = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    static func parse(_ text: String, name: String, range: ClosedRange<Int>, names: [String: Int]) throws -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            values.formUnion(try parseItem(String(item), field: text, name: name, range: range, names: names))
        }
        return values
    }

    private static func parseItem(
        _ item: String, field: String, name: String, range: ClosedRange<Int>, names: [String: Int]
    ) throws -> Set<Int> {
        let problem = CronExpressionError(
            "the \(name) field '\(field)' is not valid: use *, a value from \(range.lowerBound) to \(range.upperBound)"
                + (names.isEmpty ? "" : " or a name such as \(names.min { $0.value < $1.value }!.key)")
                + ", a range a-b, a list a,b or a step */n")
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { throw problem }
        var step = 1
        if parts.count == 2 {
            guard let s = Int(parts[1]), s > 0 else { throw problem }
            step = s
        }
        let base = String(parts[0])
        let bounds: ClosedRange<Int>
        if base == "*" {
            bounds = range
        } else if let dash = base.firstIndex(of: "-") {
            guard let low = value(base[..<dash], names: names), let high = value(base[base.index(after: dash)...], names: names),
                low <= high
            else { throw problem }
            bounds = low...high
        } else {
            guard let single = value(Substring(base), names: names) else { throw problem }
            // "5/10" means from 5 to the end in steps of 10, as in cronie.
            bounds = parts.count == 2 ? single...range.upperBound : single...single
        }
        guard range.contains(bounds.lowerBound), range.contains(bounds.upperBound) else { throw problem }
        return Set(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    private static func value(_ text: Substring, names: [String: Int]) -> Int? {
        Int(text) ?? names[text.lowercased()]
    }
}
