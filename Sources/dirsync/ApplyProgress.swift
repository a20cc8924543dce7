import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress of a long apply on stderr: done / total, rate and time left. On a terminal a
/// live line, rewritten as chunks finish; otherwise (journald, a pipe, a CI log) a plain
/// line at most every `interval` seconds, so a short apply prints nothing.
final class ApplyProgress: @unchecked Sendable {
    private let live: Bool
    private let interval: Duration
    private let clock = ContinuousClock()
    private let lock = NSLock()
    private var started: ContinuousClock.Instant?
    private var lastLine: ContinuousClock.Instant?
    private var shownLive = false

    init(live: Bool = isatty(2) != 0, interval: Duration = .seconds(5)) {
        self.live = live
        self.interval = interval
    }

    func begin(total: Int) {
        lock.withLock {
            started = clock.now
            lastLine = started
        }
    }

    func advance(done: Int, total: Int) {
        lock.withLock {
            guard let started else { return }
            let now = clock.now
            if live {
                write("\r\u{1B}[2K" + Self.line(done: done, total: total, elapsed: started.duration(to: now)))
                shownLive = true
            } else if let last = lastLine, last.duration(to: now) >= interval, done < total {
                write(Self.line(done: done, total: total, elapsed: started.duration(to: now)) + "\n")
                lastLine = now
            }
        }
    }

    func end() {
        lock.withLock {
            if shownLive { write("\n") }
            shownLive = false
            started = nil
        }
    }

    /// "applied 15000/95000 operations (12500/s, ~7 s left)".
    static func line(done: Int, total: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var text = "dirsync: applied \(done)/\(total) operations"
        if rate > 0 {
            let left = Double(total - done) / rate
            text += " (\(Int(rate.rounded()))/s, ~\(Int(left.rounded(.up))) s left)"
        }
        return text
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
