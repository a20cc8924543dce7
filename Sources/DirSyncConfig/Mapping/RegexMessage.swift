import Foundation

/// Explains why a pattern does not compile. NSRegularExpression (the engine rules run on)
/// reports only "invalid value" on Linux, so the reason comes from Swift's regex parser,
/// whose syntax matches ICU's for everything a mapping file needs.
enum RegexMessage {
    static func describe(_ source: String) -> String {
        do {
            _ = try Regex(source)
        } catch {
            return "\(error)"
        }
        return "the regex engine rejects this pattern; check brackets, quantifiers and (?<name>...) group names"
    }
}
