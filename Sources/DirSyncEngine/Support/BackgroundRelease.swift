/// Frees a large value (a whole directory and its decisions) on another thread.
///
/// Why: releasing hundreds of thousands of objects one by one takes a noticeable share of a
/// run at scale (Benchmarks/FINDINGS.md); done on the second core it overlaps the apply,
/// and a process that exits first simply never pays for it.
enum BackgroundRelease {
    static func release<T: Sendable>(_ value: T) {
        Task.detached(priority: .background) { withExtendedLifetime(value) {} }
    }
}
