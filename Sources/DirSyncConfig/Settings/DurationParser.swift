import Foundation

/// Reads the durations operators write in the config (`90s`, `15m`, `12h`, `30d`, `1h30m`, `0`),
/// so that every timeout and grace period is spelt the same way.
public enum DurationParser {
    /// Seconds in `text`, or nil when it is not a duration. A bare number is accepted only
    /// for `0`: `30` alone could mean seconds or days, so it must carry a unit.
    public static func seconds(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if let zero = Double(text), zero == 0 { return 0 }
        var total = 0.0
        var number = ""
        var sawUnit = false
        for c in text {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            guard let unit = unitSeconds[c], let value = Double(number), value >= 0 else { return nil }
            total += value * unit
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }

    private static let unitSeconds: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
}
