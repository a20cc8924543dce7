import DirSyncCore
import Foundation

/// Reads a whole text file, reporting a missing or unreadable one against the file itself.
enum FileText {
    static func read(path: String, shownAs: String, what: String, diagnostics: Diagnostics, hint: String = "") -> String? {
        let suffix = hint.isEmpty ? "" : "; \(hint)"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.report(ConfigProblem(file: shownAs, message: "\(what) does not exist\(suffix)"))
            return nil
        }
        if isDirectory.boolValue {
            diagnostics.report(ConfigProblem(file: shownAs, message: "\(what) is a folder; give the path of a file"))
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.report(ConfigProblem(file: shownAs, message: "\(what) is not readable by this user; fix its permissions"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.report(ConfigProblem(file: shownAs, message: "\(what) is not UTF-8 text"))
            return nil
        }
        return text
    }
}
