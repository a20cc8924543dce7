import Testing
@testable import DirSyncCore

@Suite struct SafetyGuardTests {
    static func plan(deactivate: Int, delete: Int = 0) -> Plan {
        Plan(operations:
            (0..<deactivate).map { AccountOperation(action: .deactivate, username: "d\($0)", email: nil, reason: "x") }
            + (0..<delete).map { AccountOperation(action: .delete, username: "x\($0)", email: nil, reason: "x") })
    }

    @Test func percentNeverAllowsFewerThanFive() {
        let safety = SafetySettings(maxDeactivations: .percent(10), maxDeletions: .percent(10))
        #expect(SafetyGuard.check(plan: Self.plan(deactivate: 5, delete: 5), managedCount: 20, safety: safety, emptySources: []) == .pass)
        guard case .refuse(let reasons) = SafetyGuard.check(plan: Self.plan(deactivate: 6), managedCount: 20, safety: safety, emptySources: []) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reasons == [
            "the plan deactivates 6 of 20 managed accounts, over max_deactivations 10% (allows 5); re-run with --allow-mass-changes to apply anyway"
        ])
    }

    @Test func percentAboveTheFloor() {
        let safety = SafetySettings(maxDeactivations: .percent(10))
        #expect(SafetyGuard.check(plan: Self.plan(deactivate: 100), managedCount: 1000, safety: safety, emptySources: []) == .pass)
        #expect(SafetyGuard.check(plan: Self.plan(deactivate: 101), managedCount: 1000, safety: safety, emptySources: []) != .pass)
    }

    @Test func countLimitForDeletions() {
        let safety = SafetySettings(maxDeletions: .count(2))
        let verdict = SafetyGuard.check(plan: Self.plan(deactivate: 0, delete: 3), managedCount: 1000, safety: safety, emptySources: [])
        guard case .refuse(let reasons) = verdict else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reasons.count == 1)
        #expect(reasons[0].contains("deletes 3"))
        #expect(reasons[0].contains("max_deletions 2"))
        #expect(reasons[0].hasSuffix("re-run with --allow-mass-changes to apply anyway"))
    }

    @Test func emptySourceRefusesOnlyWhileAccountsAreManaged() {
        let verdict = SafetyGuard.check(plan: Plan(operations: []), managedCount: 3, safety: .init(), emptySources: ["corp"])
        guard case .refuse(let reasons) = verdict else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reasons[0].contains("source 'corp' returned no users"))
        #expect(SafetyGuard.check(plan: Plan(operations: []), managedCount: 0, safety: .init(), emptySources: ["corp"]) == .pass)
    }
}

@Suite struct AccessRemovalGuardTests {
    static func update(_ name: String, _ changes: Changes) -> AccountOperation {
        AccountOperation(action: .update, username: name, email: nil, changes: changes, reason: "x")
    }

    static func roleRemovals(_ count: Int) -> [AccountOperation] {
        (0..<count).map { update("r\($0)", Changes(rolesRemoved: ["admin"])) }
    }

    @Test func updatesRemovingARoleOrProjectAreRefusedOverTheLimit() {
        let ops = Self.roleRemovals(3) + (0..<3).map { Self.update("p\($0)", Changes(projectsRemoved: ["apollo"])) }
        let verdict = SafetyGuard.check(plan: Plan(operations: ops), managedCount: 20, safety: .init(), emptySources: [])
        #expect(verdict == .refuse(reasons: [
            "the plan removes a role or project membership from 6 of 20 managed accounts, over max_access_removals 10% "
                + "(allows 5); re-run with --allow-mass-changes to apply anyway"
        ]))
        #expect(SafetyGuard.check(plan: Plan(operations: Array(ops.prefix(5))), managedCount: 20, safety: .init(), emptySources: []) == .pass)
    }

    @Test func onlyRemovalsCount() {
        // Additions, permission changes, renames and tag losses take no access away.
        let harmless = (0..<10).map {
            Self.update("u\($0)", Changes(rolesAdded: ["dev"], projectsSet: ["apollo": .all], displayNameFrom: "Old", tagsRemoved: ["t"]))
        }
        #expect(SafetyGuard.check(plan: Plan(operations: harmless), managedCount: 20, safety: .init(), emptySources: []) == .pass)
        // Deactivations that leave projects have their own guard.
        let deactivations = (0..<6).map {
            AccountOperation(action: .deactivate, username: "d\($0)", email: nil, changes: Changes(projectsRemoved: ["apollo"]), reason: "x")
        }
        let safety = SafetySettings(maxDeactivations: .count(100), maxAccessRemovals: .count(0))
        #expect(SafetyGuard.check(plan: Plan(operations: deactivations), managedCount: 20, safety: safety, emptySources: []) == .pass)
    }

    @Test func countLimitAboveThePercentageFloor() {
        let safety = SafetySettings(maxAccessRemovals: .count(2))
        guard case .refuse(let reasons) = SafetyGuard.check(plan: Plan(operations: Self.roleRemovals(3)), managedCount: 1000, safety: safety, emptySources: []) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reasons == [
            "the plan removes a role or project membership from 3 of 1000 managed accounts, over max_access_removals 2 "
                + "(allows 2); re-run with --allow-mass-changes to apply anyway"
        ])
        #expect(SafetyGuard.check(plan: Plan(operations: Self.roleRemovals(100)), managedCount: 1000, safety: .init(), emptySources: []) == .pass)
        #expect(SafetyGuard.check(plan: Plan(operations: Self.roleRemovals(101)), managedCount: 1000, safety: .init(), emptySources: []) != .pass)
    }
}
