import Foundation

/// Work started on a thread of its own (libldap blocks) whose result is collected later
/// with `wait()`: how the groups are read while the users arrive.
///
/// Whatever the work opens (an `LDAPConnection`) is opened, used and closed on that
/// thread, as libldap requires.
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
