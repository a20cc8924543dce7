import DirSyncCore
import DirSyncEngine
import Foundation
import Testing

/// Progress of a long apply: a live line on a terminal, a line every few seconds elsewhere.
struct ApplyProgressTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text: [String] = []
        func append(_ s: String) { lock.withLock { text.append(s) } }
        var all: [String] { lock.withLock { text } }
    }

    private static let op = AccountOperation(action: .create, username: "u", email: nil, reason: "r")

    private func feed(_ progress: ApplyProgress, seconds: [Int], total: Int) {
        let t0 = ContinuousClock.now
        progress.handle(.applying(Array(repeating: Self.op, count: total)), at: t0)
        for (i, s) in seconds.enumerated() {
            let done = (i + 1) * total / seconds.count
            progress.handle(
                .applied(AppliedChunk(operations: [Self.op][...], results: [.applied(after: nil)]), done: done, total: total),
                at: t0 + .seconds(s))
        }
        progress.handle(
            .finished(runID: 1, status: .succeeded, summary: Plan.Summary(counting: []), failures: 0, message: nil),
            at: t0 + .seconds(seconds.last ?? 0))
    }

    @Test func offATerminalALineEveryIntervalAndNoneForAShortApply() {
        let lines = Lines()
        feed(ApplyProgress(live: false, interval: .seconds(5)) { lines.append($0) }, seconds: [2, 6, 8, 12, 13], total: 100)
        #expect(lines.all == [
            "dirsync: applied 40/100 operations (7/s, ~9 s left)\n",
            "dirsync: applied 80/100 operations (7/s, ~3 s left)\n",
        ])
        let short = Lines()
        feed(ApplyProgress(live: false, interval: .seconds(5)) { short.append($0) }, seconds: [1, 2], total: 10)
        #expect(short.all.isEmpty)
    }

    @Test func onATerminalOneLiveLineEndedByANewline() {
        let lines = Lines()
        feed(ApplyProgress(live: true) { lines.append($0) }, seconds: [1, 2], total: 10)
        #expect(lines.all == [
            "\r\u{1B}[2Kdirsync: applied 5/10 operations (5/s, ~1 s left)",
            "\r\u{1B}[2Kdirsync: applied 10/10 operations (5/s, ~0 s left)",
            "\n",
        ])
    }
}

extension ApplyProgressTests {
    /// Counts between chunk reports move the line too: off a terminal still a line per
    /// interval, on one at most ten rewrites a second, and every chunk report shown.
    @Test func countsWithinAChunkMoveTheLine() {
        let t0 = ContinuousClock.now
        let chunk = SyncEvent.applied(AppliedChunk(operations: [Self.op][...], results: [.applied(after: nil)]), done: 100, total: 100)
        let plain = Lines()
        let offTerminal = ApplyProgress(live: false, interval: .seconds(5)) { plain.append($0) }
        offTerminal.handle(.applying(Array(repeating: Self.op, count: 100)), at: t0)
        for second in 1...12 { offTerminal.handle(.progressed(done: second * 8, total: 100), at: t0 + .seconds(second)) }
        #expect(plain.all == [
            "dirsync: applied 40/100 operations (8/s, ~8 s left)\n",
            "dirsync: applied 80/100 operations (8/s, ~3 s left)\n",
        ])

        let live = Lines()
        let onTerminal = ApplyProgress(live: true) { live.append($0) }
        onTerminal.handle(.applying(Array(repeating: Self.op, count: 100)), at: t0)
        for ms in stride(from: 50, through: 300, by: 50) {
            onTerminal.handle(.progressed(done: ms / 10, total: 100), at: t0 + .milliseconds(ms))
        }
        onTerminal.handle(chunk, at: t0 + .milliseconds(310))
        #expect(live.all.map { $0.replacingOccurrences(of: "\r\u{1B}[2K", with: "") } == [
            "dirsync: applied 10/100 operations (100/s, ~1 s left)",
            "dirsync: applied 20/100 operations (100/s, ~1 s left)",
            "dirsync: applied 30/100 operations (100/s, ~1 s left)",
            "dirsync: applied 100/100 operations (323/s, ~0 s left)",
        ])
    }
}
