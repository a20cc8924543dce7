import Foundation

/// The LDAP source's threads: the only raw threads of the read.
///
/// Why raw threads: libldap's calls block (connect, bind, each search result), so they
/// must not sit on Swift's cooperative pool, whose few threads (one per core) the rest of
/// the process shares; and each `LDAP*` handle must be created, used and closed on one
/// thread, which a task hopping between pool threads cannot promise.
enum LDAPThreads {
    /// Runs `work` on a new thread named `name` and returns its result to the awaiting task.
    /// A cancelled task still waits for `work` to finish.
    static func run<Value: Sendable, Failure: Error>(
        named name: String, _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let result = Result { () throws(Failure) -> Value in try work() }
                continuation.resume(with: result.mapError { $0 as any Error })
            }
            thread.name = name
            thread.start()
        }
    }
}

/// Work started on a raw thread of its own whose result is collected later with `wait()`:
/// how the groups are read while the users arrive.
///
/// Why a raw thread: as for `LDAPThreads.run`, libldap blocks, and whatever the work opens
/// (an `LDAPConnection`) is opened, used and closed on that one thread.
final class BackgroundRead<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the thread before `done` is signalled; read after `wait` returns.
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        thread.name = "dirsync-ldap-groups"
        thread.start()
    }

    /// Blocks until the work has finished; call once.
    func wait() -> Result<Value, any Error> {
        done.wait()
        return result!
    }
}
