import DirSyncCore
import Foundation

/// Finds the mapping files (one file, or every `*.yaml` / `*.yml` of a folder in name
/// order), parses each and merges them.
enum MappingLoader {
    static func load(path: String, diagnostics: Diagnostics) -> MappingSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.report(ConfigProblem(file: path, message: "mapping file or folder does not exist; create it or set mappings: in the config"))
            return MappingSet()
        }
        var files: [String] = [path]
        if isDirectory.boolValue {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                diagnostics.report(ConfigProblem(file: path, message: "mapping folder is not readable by this user; fix its permissions"))
                return MappingSet()
            }
            let yaml = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }.sorted()
            if yaml.isEmpty {
                diagnostics.report(ConfigProblem(file: path, message: "mapping folder has no *.yaml or *.yml files; add one with rules:"))
                return MappingSet()
            }
            files = yaml.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
        }
        var parsed: [MappingFile] = []
        for file in files {
            let reader = YAMLReader(file: file, diagnostics: diagnostics, environment: nil)
            guard let text = FileText.read(path: file, shownAs: file, what: "mapping file", diagnostics: diagnostics) else { continue }
            let before = diagnostics.problems.count
            guard let root = reader.parse(text) else {
                // An empty mapping file declares nothing; only a syntax error is a problem.
                if diagnostics.problems.count == before { parsed.append(MappingFile(file: file)) }
                continue
            }
            parsed.append(MappingFileParser(reader: reader).parse(root))
        }
        return MappingMerger(diagnostics: diagnostics).merge(parsed)
    }
}
