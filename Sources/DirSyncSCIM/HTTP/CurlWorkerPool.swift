import CCurl
import Foundation

/// Threads that run libcurl's blocking calls, off Swift's cooperative pool.
///
/// Each worker owns one easy handle for its whole life (handles are not thread-safe, so
/// they never leave their thread), and so its connection cache: a worker reuses its
/// connection for its next request when the server keeps it alive. Attempts wait in one
/// FIFO queue; the caller suspends on a continuation until a worker answers.
final class CurlWorkerPool: @unchecked Sendable {
    struct Job {
        var request: HTTPRequest
        var continuation: CheckedContinuation<AttemptOutcome, Never>
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var isShutDown = false
    private let configuration: CurlHTTPClientConfiguration

    init(configuration: CurlHTTPClientConfiguration) {
        self.configuration = configuration
        _ = ccurl_global_init_once()
        for index in 0..<max(1, configuration.concurrency) {
            let thread = Thread { [self] in self.work() }
            thread.name = "dirsync-http-\(index)"
            thread.start()
        }
    }

    /// Runs one attempt on the next free worker.
    func perform(_ request: HTTPRequest) async -> AttemptOutcome {
        await withCheckedContinuation { continuation in
            condition.lock()
            defer { condition.unlock() }
            guard !isShutDown else {
                continuation.resume(returning: .failure(AttemptFailure(
                    message: "the HTTP client was shut down", retryable: false, mayHaveReachedServer: false)))
                return
            }
            queue.append(Job(request: request, continuation: continuation))
            condition.signal()
        }
    }

    /// Refuses new attempts; workers finish what is queued, then free their handles and
    /// exit. Returns at once.
    func shutdown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !isShutDown { condition.wait() }
        guard head < queue.count else { return nil }
        let job = queue[head]
        head += 1
        if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }

    private func work() {
        let handle = curl_easy_init()
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        defer {
            errorBuffer.deallocate()
            if let handle { curl_easy_cleanup(handle) }
        }
        while let job = nextJob() {
            guard let handle else {
                job.continuation.resume(returning: .failure(AttemptFailure(
                    message: "libcurl could not make a handle (out of memory?)", retryable: false, mayHaveReachedServer: false)))
                continue
            }
            job.continuation.resume(returning: CurlAttempt.perform(job.request, on: handle, errorBuffer: errorBuffer, configuration: configuration))
        }
    }
}
