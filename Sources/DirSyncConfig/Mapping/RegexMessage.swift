import Foundation

/// Turns NSRegularExpression's error into the engine's own words where it has them.
enum RegexMessage {
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        for key in ["NSInvalidValue", NSDebugDescriptionErrorKey, NSLocalizedFailureReasonErrorKey] {
            if let text = ns.userInfo[key] as? String, !text.isEmpty { return text }
        }
        return ns.localizedDescription
    }
}
