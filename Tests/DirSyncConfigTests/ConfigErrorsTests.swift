import DirSyncConfig
import DirSyncCore
import Testing

@Suite struct ConfigErrorsTests {
    @Test func describesProblemsWithAndWithoutLocation() {
        let located = ConfigProblem(location: SourceLocation(file: "a.yaml", line: 3, column: 5), message: "bad")
        let whole = ConfigProblem(file: "b.yaml", message: "missing")
        #expect(located.description == "a.yaml:3:5: bad")
        #expect(whole.description == "b.yaml: missing")
    }

    @Test func sortsByFileLineAndColumnOnePerLine() {
        let errors = ConfigErrors(problems: [
            ConfigProblem(location: SourceLocation(file: "b.yaml", line: 1, column: 1), message: "z"),
            ConfigProblem(location: SourceLocation(file: "a.yaml", line: 9, column: 2), message: "y"),
            ConfigProblem(location: SourceLocation(file: "a.yaml", line: 9, column: 1), message: "x"),
            ConfigProblem(location: SourceLocation(file: "a.yaml", line: 2, column: 7), message: "w"),
        ])
        #expect(errors.description == "a.yaml:2:7: w\na.yaml:9:1: x\na.yaml:9:2: y\nb.yaml:1:1: z")
    }
}
