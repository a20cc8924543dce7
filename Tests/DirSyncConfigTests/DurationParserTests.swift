import DirSyncConfig
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("90s", 90.0), ("15m", 900.0), ("12h", 43_200.0), ("30d", 2_592_000.0), ("0", 0.0),
        ("1h30m", 5_400.0), ("1.5h", 5_400.0), ("2w", 1_209_600.0),
    ])
    func readsDurations(text: String, seconds: Double) {
        #expect(DurationParser.seconds(text) == seconds)
    }

    @Test(arguments: ["", "30", "abc", "10x", "h", "-5m", "5m3"])
    func rejectsNonDurations(text: String) {
        #expect(DurationParser.seconds(text) == nil)
    }
}
