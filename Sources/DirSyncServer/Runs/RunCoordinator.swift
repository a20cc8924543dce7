import DirSyncCore
import DirSyncStore
import Foundation
import Logging

/// Coalesces triggers into runs: one sync at a time and at most one queued behind it,
/// whatever the burst (contract section 6). Every trigger is answered with the id of the run
/// that will cover it; a trigger that joins the queued run is `coalesced`.
///
/// Each run is recorded as `queued` before it is answered, so the id is real and
/// `GET /v1/runs/{id}` shows it at once.
public actor RunCoordinator {
    /// What a run will sync: everyone (`users` nil) or just these people.
    struct Pending: Sendable {
        var id: Int64
        var trigger: String
        var users: Set<String>?
    }

    private let configs: ConfigHolder
    private let executor: RunExecutor
    private let logger: Logger
    private var current: Pending?
    private var next: Pending?
    private var worker: Task<Void, Never>?
    private var stopping = false

    init(configs: ConfigHolder, executor: RunExecutor, logger: Logger) {
        self.configs = configs
        self.executor = executor
        self.logger = logger
    }

    /// Asks for a sync (`users` nil: everyone). Throws when the run cannot be recorded.
    public func trigger(_ trigger: String, users: Set<String>?) throws -> (run: Int64, coalesced: Bool) {
        guard !stopping else { throw ServerSetupError(["the daemon is stopping; no new run is started"]) }
        if var queued = next {
            if let wanted = users, let already = queued.users {
                queued.users = already.union(wanted)
            } else {
                queued.users = nil
            }
            next = queued
            return (queued.id, true)
        }
        let id = try configs.current.state.queueRun(trigger: trigger, queuedAt: Date())
        let pending = Pending(id: id, trigger: trigger, users: users)
        if current == nil {
            current = pending
            worker = Task { await drain() }
        } else {
            next = pending
        }
        logger.info("run \(id) queued (trigger \(trigger)\(users.map { ", \($0.count) user(s)" } ?? ""))")
        return (id, false)
    }

    /// Counts the managed accounts for the metrics before the first run has.
    public func countAccounts() async {
        await executor.countManagedAccounts(configs.current.workspace, log: logger)
    }

    /// The runs in flight and queued, for `/v1/status`.
    public var inFlight: (running: Int64?, queued: Int64?) { (current?.id, next?.id) }

    /// Graceful stop: no new run; the queued one is recorded as interrupted; the run in
    /// flight is asked to stop (a SCIM apply stops after the chunk in flight, which is
    /// recorded; the embedded store finishes) and waited for, so it ends recorded.
    public func stop() async {
        stopping = true
        if let queued = next {
            next = nil
            executor.abandon(queued.id, state: configs.current.state)
        }
        worker?.cancel()
        await worker?.value
    }

    private func drain() async {
        while let run = current {
            await executor.execute(run, config: configs.current)
            current = stopping ? nil : next
            next = nil
        }
        worker = nil
    }
}
