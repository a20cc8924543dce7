import DirSyncEngine
import Foundation
import Logging
import Testing

/// Log records quoting directory text stay one line each, without control characters.
@Suite struct TerminalSafeLogHandlerTests {
    /// Keeps what reaches it, as the stream handler would write it.
    final class Recorder: @unchecked Sendable {
        let lock = NSLock()
        var events: [LogEvent] = []
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            var event = event
            event.metadata = (event.metadata ?? [:]).merging(metadata) { one, _ in one }
            recorder.lock.withLock { recorder.events.append(event) }
        }
    }

    @Test func messagesAndMetadataAreEscaped() throws {
        let recorder = Recorder()
        var logger = Logger(label: "test") { _ in TerminalSafeLogHandler(RecordingHandler(recorder: recorder)) }
        logger[metadataKey: "user"] = "eve\u{1B}]0;x\u{07}"
        logger.warning(
            "source 'corp': uid=mal\u{1B}[31mlory,dc=example has no email\nforged line",
            metadata: ["dn": .array([.string("a\rb")]), "n": .dictionary(["k": .stringConvertible(7)])])
        logger.debug("below the level")
        let event = try #require(recorder.events.first)
        #expect(recorder.events.count == 1)
        #expect(event.message.description == #"source 'corp': uid=mal\x1b[31mlory,dc=example has no email\nforged line"#)
        #expect(event.metadata?["user"] == .string(#"eve\x1b]0;x\x07"#))
        #expect(event.metadata?["dn"] == .array([.string(#"a\rb"#)]))
        #expect(event.metadata?["n"] == .dictionary(["k": .string("7")]))
    }
}
