import Foundation

/// Progress of a long apply, from a sync's events: done / total, rate and time left.
///
/// On a terminal (`live`) one line rewritten as the apply moves; otherwise (journald, a pipe,
/// a CI log) a plain line at most every `interval`, so a short apply prints nothing and a
/// long one leaves a readable trail. The CLI writes it to stderr; a daemon can log it.
public final class ApplyProgress: @unchecked Sendable {
    private let live: Bool
    private let interval: Duration
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private var started: ContinuousClock.Instant?
    private var lastLine: ContinuousClock.Instant?
    private var shownLive = false

    public init(live: Bool, interval: Duration = .seconds(5), write: @escaping @Sendable (String) -> Void) {
        self.live = live
        self.interval = interval
        self.write = write
    }

    /// Takes one event of a sync; `now` is when it arrived.
    public func handle(_ event: SyncEvent, at now: ContinuousClock.Instant = .now) {
        lock.withLock {
            switch event {
            case .applying:
                started = now
                lastLine = now
            case .applied(_, let done, let total), .progressed(let done, let total):
                guard let started else { return }
                let line = Self.line(done: done, total: total, elapsed: started.duration(to: now))
                if live {
                    // Every chunk; between chunks (a count per answered request) ten times a
                    // second at most, which the eye cannot tell from every request.
                    if case .progressed = event, let last = lastLine, last.duration(to: now) < .milliseconds(100) { return }
                    write("\r\u{1B}[2K" + line)
                    shownLive = true
                    lastLine = now
                } else if let last = lastLine, last.duration(to: now) >= interval, done < total {
                    write(line + "\n")
                    lastLine = now
                }
            case .finished:
                if shownLive { write("\n") }
                shownLive = false
                started = nil
            case .started, .read, .planned, .refused, .operationFailed:
                break
            }
        }
    }

    /// "applied 15000/95000 operations (12500/s, ~7 s left)".
    static func line(done: Int, total: Int, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var text = "dirsync: applied \(done)/\(total) operations"
        if rate > 0 {
            let left = Double(total - done) / rate
            text += " (\(Int(rate.rounded()))/s, ~\(Int(left.rounded())) s left)"
        }
        return text
    }
}
