import Foundation
import Testing
@testable import DirSyncCore

@Suite struct PlannerTests {
    /// alice and bob are staff (in scope); carol is only in "others" (out of scope); svc-backup is excluded.
    static func world(users: [DirectoryUser]? = nil) -> (PeopleIndex, MappingSet) {
        let users = users ?? [Fx.user("alice"), Fx.user("bob"), Fx.user("carol"), Fx.user("svc-backup")]
        let index = Fx.index(
            users,
            [
                Fx.group("staff", members: ["alice", "bob", "svc-backup"]),
                Fx.group("proj-apollo-rw", members: ["alice"]),
                Fx.group("others", members: ["carol"]),
            ])
        let mapping = MappingSet(
            roles: [
                "editor": RoleDefinition(name: "editor", includes: ["viewer"], tags: ["COUNTRY_US"]),
                "viewer": RoleDefinition(name: "viewer"),
            ],
            defaultRoles: ["viewer"],
            rules: [
                Fx.rule("staff", .group(.name("staff")), roles: ["editor"]),
                Fx.rule("apollo", .group(.name("proj-apollo-rw")), projects: [ProjectGrant(project: "apollo", permission: .all)]),
            ],
            excludes: [ExcludeRule(field: .username, pattern: "svc-*")])
        return (index, mapping)
    }

    static func plan(
        _ accounts: [Account] = [], _ ledger: [LedgerEntry] = [], users: [DirectoryUser]? = nil,
        lifecycle: LifecycleSettings = .init(), now: Date = Fx.now
    ) -> PlanningResult {
        let (index, mapping) = world(users: users)
        return Planner.plan(
            decisions: Fx.decisions(mapping, index), accounts: accounts, ledger: ledger, matchBy: .email,
            lifecycle: lifecycle, now: now, warnings: index.warnings, held: index.held)
    }

    static let aliceState = Fx.account("k1", "alice", roles: ["editor", "viewer"], projects: ["apollo": .all], tags: ["COUNTRY_US"])

    /// One identity twice in the ledger (a hand-edited database): the entry with the
    /// smaller account key is the person's, whatever order the ledger is read in; the
    /// other account is treated as gone.
    @Test func aDuplicatedLedgerIdentityBelongsToTheSmallerAccountKey() {
        let bobState = Fx.account("k9", "bob", roles: ["editor", "viewer"], tags: ["COUNTRY_US"])
        let other = Fx.account("k0", "alice", roles: ["editor", "viewer"], projects: ["apollo": .all], tags: ["COUNTRY_US"])
        for ledger in [
            [LedgerEntry(identity: "corp:id-alice", accountKey: "k1"), LedgerEntry(identity: "corp:id-alice", accountKey: "k0")],
            [LedgerEntry(identity: "corp:id-alice", accountKey: "k0"), LedgerEntry(identity: "corp:id-alice", accountKey: "k1")],
        ] {
            let result = Self.plan([Self.aliceState, other, bobState], ledger + [LedgerEntry(identity: "corp:id-bob", accountKey: "k9")])
            // k0 already matches alice, so nothing is done for her; k1 is nobody's now.
            #expect(result.plan.operations.map(\.action) == [.deactivate])
            #expect(result.plan.operations.first?.account == "k1")
        }
    }
    static let bobState = Fx.account("k2", "bob", roles: ["editor", "viewer"], tags: ["COUNTRY_US"])

    @Test func createsInScopePeopleWithCompleteState() {
        let result = Self.plan()
        #expect(result.plan.summary.create == 2)
        #expect(result.plan.operations.count == 2)
        let alice = result.plan.operations[0]
        #expect(alice == AccountOperation(
            action: .create, username: "alice", email: "alice@example.com", displayName: "Alice", roles: ["editor", "viewer"],
            projects: ["apollo": .all], tags: ["COUNTRY_US"], reason: "mapped by rules 'staff', 'apollo'", identity: "corp:id-alice"))
        #expect(result.ledgerUpdates.isEmpty)
    }

    @Test func updatesRolesAndProjects() {
        let stale = Fx.account("k1", "alice", roles: ["viewer", "old"], projects: ["apollo": .readOnly, "zeus": .all], tags: ["COUNTRY_US"])
        let result = Self.plan([stale, Self.bobState], [LedgerEntry(identity: "corp:id-alice", accountKey: "k1"), LedgerEntry(identity: "corp:id-bob", accountKey: "k2")])
        #expect(result.plan.operations.count == 1)
        let op = result.plan.operations[0]
        #expect(op.action == .update)
        #expect(op.account == "k1")
        #expect(op.identity == "corp:id-alice")
        #expect(op.roles == ["editor", "viewer"])
        #expect(op.changes == Changes(rolesAdded: ["editor"], rolesRemoved: ["old"], projectsSet: ["apollo": .all], projectsRemoved: ["zeus"]))
    }

    @Test func tagsAloneCauseAnUpdate() {
        var bob = Self.bobState
        bob.tags = []
        let result = Self.plan([Self.aliceState, bob], [LedgerEntry(identity: "corp:id-alice", accountKey: "k1"), LedgerEntry(identity: "corp:id-bob", accountKey: "k2")])
        #expect(result.plan.operations.map(\.action) == [.update])
        #expect(result.plan.operations[0].changes?.tagsAdded == ["COUNTRY_US"])
    }

    @Test func renameInTheDirectoryIsAnUpdateNotALoss() throws {
        var renamed = Fx.user("alice.liddell", email: "Alice.Liddell@example.com", name: "Alice", id: "id-alice")
        renamed.dn = "uid=alice,ou=people,dc=example,dc=com"  // the groups still name this entry
        let result = Self.plan(
            [Self.aliceState], [LedgerEntry(identity: "corp:id-alice", accountKey: "k1")],
            users: [renamed, Fx.user("bob")])
        let updates = result.plan.operations.filter { $0.action == .update }
        try #require(updates.count == 1)
        #expect(updates[0].username == "alice.liddell")
        #expect(updates[0].email == "alice.liddell@example.com")
        #expect(updates[0].changes?.usernameFrom == "alice")
        #expect(updates[0].changes?.emailFrom == "alice@example.com")
        #expect(result.plan.summary.deactivate == 0)
        #expect(result.plan.summary.create == 1)  // bob
    }

    @Test func outOfScopeManagedAccountIsDeactivatedOnce() {
        let carol = Fx.account("k3", "carol")
        let ledger = [LedgerEntry(identity: "corp:id-carol", accountKey: "k3")]
        let result = Self.plan([Self.aliceState, Self.bobState, carol], ledger)
        let deactivations = result.plan.operations.filter { $0.action == .deactivate }
        #expect(deactivations == [AccountOperation(action: .deactivate, username: "carol", email: "carol@example.com", reason: "no mapping rule matches", identity: "corp:id-carol", account: "k3")])
        var inactive = carol
        inactive.status = .inactive
        #expect(Self.plan([inactive], ledger).plan.summary.deactivate == 0)
    }

    @Test func inactiveManagedAccountBackInScopeIsReactivated() {
        var alice = Self.aliceState
        alice.status = .inactive
        alice.roles = ["viewer"]
        let result = Self.plan([alice, Self.bobState], [LedgerEntry(identity: "corp:id-alice", accountKey: "k1")])
        let op = result.plan.operations.first { $0.action == .reactivate }!
        #expect(op.account == "k1")
        #expect(op.roles == ["editor", "viewer"])
        #expect(op.projects == ["apollo": .all])
        #expect(op.changes?.rolesAdded == ["editor"])
        #expect(result.plan.summary.update == 0)
    }

    @Test func goneWithDeleteAfterZeroIsDeleted() {
        let dave = Fx.account("k4", "dave")
        let result = Self.plan([dave], [LedgerEntry(identity: "corp:id-dave", accountKey: "k4")], lifecycle: .init(deleteAfter: .after(seconds: 0)))
        let op = result.plan.operations.first { $0.username == "dave" }!
        #expect(op.action == .delete)
        #expect(op.reason == "not in any source; delete_after 0")
        #expect(op.account == "k4")
    }

    @Test func goneIsDeactivatedAtOnceThenDeletedAfterTheGrace() {
        let dave = Fx.account("k4", "dave")
        let entry = LedgerEntry(identity: "corp:id-dave", accountKey: "k4")
        let first = Self.plan([dave], [entry])
        #expect(first.plan.operations.first { $0.username == "dave" }?.action == .deactivate)
        #expect(first.plan.operations.first { $0.username == "dave" }?.reason == "not in any source")
        #expect(first.ledgerUpdates == [LedgerEntry(identity: "corp:id-dave", accountKey: "k4", goneSince: Fx.now)])

        var inactive = dave
        inactive.status = .inactive
        let goneSince = Date(timeIntervalSince1970: 1_790_000_000 - 31 * 86_400)  // 2026-08-21
        let withinGrace = Self.plan([inactive], [LedgerEntry(identity: "corp:id-dave", accountKey: "k4", goneSince: Fx.now.addingTimeInterval(-10 * 86_400))])
        #expect(!withinGrace.plan.operations.contains { $0.username == "dave" })
        #expect(withinGrace.ledgerUpdates.isEmpty)

        let later = Self.plan([inactive], [LedgerEntry(identity: "corp:id-dave", accountKey: "k4", goneSince: goneSince)])
        let op = later.plan.operations.first { $0.username == "dave" }!
        #expect(op.action == .delete)
        #expect(op.reason == "gone since 2026-08-21, delete_after 30d")
    }

    @Test func inactiveGoneWithoutDateGetsOneAndNeverIsNeverDeleted() {
        var dave = Fx.account("k4", "dave")
        dave.status = .inactive
        let entry = LedgerEntry(identity: "corp:id-dave", accountKey: "k4")
        let noted = Self.plan([dave], [entry])
        #expect(!noted.plan.operations.contains { $0.username == "dave" })
        #expect(noted.ledgerUpdates == [LedgerEntry(identity: "corp:id-dave", accountKey: "k4", goneSince: Fx.now)])
        let old = LedgerEntry(identity: "corp:id-dave", accountKey: "k4", goneSince: Date(timeIntervalSince1970: 0))
        let never = Self.plan([dave], [old], lifecycle: .init(deleteAfter: .never))
        #expect(!never.plan.operations.contains { $0.username == "dave" })
    }

    @Test func personBackClearsGoneSince() {
        let entry = LedgerEntry(identity: "corp:id-alice", accountKey: "k1", goneSince: Fx.now.addingTimeInterval(-86_400))
        let result = Self.plan([Self.aliceState], [entry])
        #expect(result.ledgerUpdates.contains(LedgerEntry(identity: "corp:id-alice", accountKey: "k1", goneSince: nil)))
        #expect(!result.plan.operations.contains { $0.username == "alice" })
    }

    @Test func returningPersonUnderANewEntryIsReactivatedNotDuplicated() {
        var alice = Self.aliceState
        alice.status = .inactive
        let oldEntry = LedgerEntry(identity: "corp:old-alice-uuid", accountKey: "k1", goneSince: Fx.now.addingTimeInterval(-86_400))
        let result = Self.plan([alice, Self.bobState], [oldEntry, LedgerEntry(identity: "corp:id-bob", accountKey: "k2")])
        let ops = result.plan.operations.filter { $0.username == "alice" }
        #expect(ops.map(\.action) == [.reactivate])
        #expect(ops.first?.account == "k1")
        #expect(ops.first?.identity == "corp:id-alice")
        #expect(ops.first?.changes?.identityFrom == "corp:old-alice-uuid")
        #expect(result.plan.summary.create == 0)
        // The ledger moves with the reactivation, not before it.
        #expect(result.ledgerRemovals.isEmpty)
        #expect(!result.ledgerUpdates.contains { $0.identity == "corp:id-alice" })
    }

    /// A re-link with nothing else to do is ledger bookkeeping, as a gone date is.
    @Test func returningPersonWithAnUnchangedAccountIsRelinkedWithoutAnOperation() {
        let oldEntry = LedgerEntry(identity: "corp:old-alice-uuid", accountKey: "k1")
        let result = Self.plan([Self.aliceState, Self.bobState], [oldEntry, Self.managedAliceAndBob[1]])
        #expect(result.plan.isEmpty)
        #expect(result.ledgerRemovals == ["corp:old-alice-uuid"])
        #expect(result.ledgerUpdates == [LedgerEntry(identity: "corp:id-alice", accountKey: "k1")])
    }

    /// Adoption is an operation (planned, guarded, applied with its ledger link and audited),
    /// never ledger bookkeeping written before the apply; even an account that already
    /// matches is adopted by one, and an inactive one is activated by it.
    @Test func adoptsAnUnmanagedAccountByMatchKey() {
        let existing = Fx.account("a1", "alice", email: "ALICE@example.com", roles: ["viewer"])
        var inactiveBob = Self.bobState
        inactiveBob.status = .inactive
        let identicalBob = Self.bobState
        let result = Self.plan([existing, identicalBob])
        #expect(result.ledgerUpdates.isEmpty)
        #expect(result.plan.summary.adopt == 2)
        #expect(result.plan.operations.map(\.action) == [.adopt, .adopt])
        let op = result.plan.operations[0]
        #expect(op.account == "a1")
        #expect(op.identity == "corp:id-alice")
        #expect(op.roles == ["editor", "viewer"])
        #expect(op.projects == ["apollo": .all])
        #expect(op.reason == "adopted existing account; mapped by rules 'staff', 'apollo'")
        #expect(op.changes == Changes(rolesAdded: ["editor"], projectsSet: ["apollo": .all], tagsAdded: ["COUNTRY_US"]))
        #expect(op.changes?.emailFrom == nil)  // only the case differed
        #expect(result.plan.operations[1].account == "k2")
        #expect(result.plan.operations[1].changes == Changes())
        let reactivated = Self.plan([inactiveBob])
        let bob = reactivated.plan.operations.first { $0.username == "bob" }
        #expect(bob?.action == .adopt)
        #expect(bob?.reason.hasPrefix("adopted existing inactive account, activating it;") == true)
    }

    /// An account a killed run created (its externalId is the person's identity) is adopted
    /// ahead of another unmanaged account holding the person's match key, and says why.
    @Test func adoptsByExternalIDBeforeMatchKey() {
        var leftover = Fx.account("s9", "alice-old", email: "someone-else@example.com")
        leftover.externalID = "corp:id-alice"
        let byEmail = Fx.account("a1", "alice")
        let result = Self.plan([byEmail, leftover])
        let alice = result.plan.operations.first { $0.identity == "corp:id-alice" }
        #expect(alice?.action == .adopt)
        #expect(alice?.account == "s9")
        #expect(alice?.reason.contains("created by an interrupted run") == true)
        #expect(alice?.changes?.usernameFrom == "alice-old")
        // The account that only shares the email is left alone: no second operation for alice.
        #expect(result.plan.operations.filter { $0.account == "a1" }.isEmpty)
    }

    /// Plans list adoptions after creates and before updates; the others keep their order.
    @Test func adoptionsComeBetweenCreatesAndUpdates() {
        let existing = Fx.account("a1", "alice", roles: ["viewer"])
        let staleBob = Fx.account("k2", "bob", roles: [])
        let result = Self.plan(
            [existing, staleBob, Fx.account("k3", "carol")],
            [Self.managedAliceAndBob[1], LedgerEntry(identity: "corp:id-carol", accountKey: "k3")],
            users: [Fx.user("alice"), Fx.user("bob"), Fx.user("carol"), Fx.user("dan", email: "dan@example.com")])
        #expect(result.plan.operations.map(\.action) == [.adopt, .update, .deactivate])
        #expect(AccountOperation.Action.allCases == [.create, .adopt, .update, .deactivate, .reactivate, .delete])
        #expect(AccountOperation.Action.allCases.sorted() == AccountOperation.Action.allCases)
    }

    @Test func excludedAndUnmanagedAccountsAreNeverTouched() {
        let svc = Fx.account("s1", "svc-backup")
        let unmanagedCarol = Fx.account("c1", "carol")
        let stranger = Fx.account("x1", "stranger")
        // svc-backup is managed but excluded; carol is out of scope but unmanaged; stranger is in no source and unmanaged
        let result = Self.plan(
            [Self.aliceState, Self.bobState, svc, unmanagedCarol, stranger],
            [
                LedgerEntry(identity: "corp:id-alice", accountKey: "k1"), LedgerEntry(identity: "corp:id-bob", accountKey: "k2"),
                LedgerEntry(identity: "corp:id-svc-backup", accountKey: "s1"),
            ],
            lifecycle: .init(deleteAfter: .after(seconds: 0)))
        #expect(result.plan.isEmpty)
        #expect(result.ledgerUpdates.isEmpty)
    }

    @Test func missingAccountOfALedgerEntryIsCreatedAgainWithAWarning() {
        let result = Self.plan([Self.bobState], [LedgerEntry(identity: "corp:id-alice", accountKey: "gone"), LedgerEntry(identity: "corp:id-bob", accountKey: "k2")])
        #expect(result.plan.operations.map(\.action) == [.create])
        #expect(result.plan.operations[0].identity == "corp:id-alice")
        #expect(result.plan.warnings.contains { $0.contains("'gone'") })
    }

    @Test func planningIsDeterministic() {
        let (index, mapping) = Self.world()
        let decisions = Fx.decisions(mapping, index)
        let accounts = [Fx.account("k4", "dave"), Fx.account("k5", "erin"), Fx.account("k3", "carol")]
        let ledger = [
            LedgerEntry(identity: "corp:id-dave", accountKey: "k4"), LedgerEntry(identity: "corp:id-erin", accountKey: "k5"),
            LedgerEntry(identity: "corp:id-carol", accountKey: "k3"),
        ]
        let a = Planner.plan(decisions: decisions, accounts: accounts, ledger: ledger, matchBy: .email, lifecycle: .init(), now: Fx.now)
        let b = Planner.plan(
            decisions: decisions.reversed(), accounts: accounts.reversed(), ledger: ledger.reversed(), matchBy: .email,
            lifecycle: .init(), now: Fx.now)
        #expect(a.plan == b.plan)
        #expect(a.ledgerUpdates == b.ledgerUpdates)
        #expect(a.plan.operations.map(\.username) == ["alice", "bob", "carol", "dave", "erin"])
    }

    @Test func applyingThePlanLeavesNothingToDo() {
        let (index, mapping) = Self.world()
        let decisions = Fx.decisions(mapping, index)
        var world = World(
            accounts: [
                Fx.account("a1", "alice", roles: ["old"]), Fx.account("k3", "carol"), Fx.account("k4", "dave"),
                Fx.account("x1", "stranger"),
            ],
            ledger: [LedgerEntry(identity: "corp:id-carol", accountKey: "k3"), LedgerEntry(identity: "corp:id-dave", accountKey: "k4")])
        let first = Planner.plan(decisions: decisions, accounts: world.accounts, ledger: world.ledger, matchBy: .email, lifecycle: .init(), now: Fx.now)
        #expect(first.plan.summary.create == 1)
        #expect(first.plan.summary.adopt == 1)
        #expect(first.plan.summary.deactivate == 2)
        world.apply(first)
        let again = Planner.plan(decisions: decisions, accounts: world.accounts, ledger: world.ledger, matchBy: .email, lifecycle: .init(), now: Fx.now)
        #expect(again.plan.isEmpty)
        #expect(world.accounts.first { $0.key == "x1" }?.status == .active)
    }

    @Test func excludedAccountIsNotRetiredWhenItsPersonIsGone() {
        let svc = Fx.account("s1", "svc-legacy")
        let ledger = [LedgerEntry(identity: "corp:id-svc-legacy", accountKey: "s1")]
        let (index, mapping) = Self.world()
        let decisions = Fx.decisions(mapping, index)
        let guarded = Planner.plan(
            decisions: decisions, accounts: [svc], ledger: ledger, matchBy: .email, lifecycle: .init(deleteAfter: .after(seconds: 0)),
            now: Fx.now, excludes: mapping.excludes)
        #expect(!guarded.plan.operations.contains { $0.account == "s1" })
        let unguarded = Planner.plan(
            decisions: decisions, accounts: [svc], ledger: ledger, matchBy: .email, lifecycle: .init(deleteAfter: .after(seconds: 0)), now: Fx.now)
        #expect(unguarded.plan.operations.contains { $0.account == "s1" && $0.action == .delete })
    }

    static let managedAliceAndBob = [LedgerEntry(identity: "corp:id-alice", accountKey: "k1"), LedgerEntry(identity: "corp:id-bob", accountKey: "k2")]

    /// A managed person whose entry lost its email is still there: nothing is planned for
    /// their account (not "not in any source", even with delete_after 0), with a warning.
    @Test func aManagedEntryWithoutEmailIsLeftAsItIs() {
        let users = [Fx.user("alice"), Fx.user("bob", email: nil)]
        for lifecycle in [LifecycleSettings(), LifecycleSettings(deleteAfter: .after(seconds: 0))] {
            let result = Self.plan([Self.aliceState, Self.bobState], Self.managedAliceAndBob, users: users, lifecycle: lifecycle)
            #expect(result.plan.isEmpty)
            #expect(result.ledgerUpdates.isEmpty)
            #expect(result.plan.warnings.contains { $0.contains("uid=bob,ou=people,dc=example,dc=com") && $0.contains("has no email") })
        }
    }

    /// Two entries of one source with one email: neither is merged, created, updated or
    /// retired, whichever comes first; an unmanaged third sharing it gets no account.
    @Test func entriesSharingAnEmailInOneSourceAreAllLeftAsTheyAre() {
        let users = [
            Fx.user("alice"), Fx.user("bob", email: "alice@example.com"), Fx.user("carol"),
            Fx.user("newcomer", email: "ALICE@example.com"),
        ]
        for order in [users, users.reversed()] {
            let result = Self.plan([Self.aliceState, Self.bobState], Self.managedAliceAndBob, users: order)
            #expect(result.plan.isEmpty)
            #expect(result.plan.warnings.filter { $0.contains("has the same email 'alice@example.com'") }.count == 3)
        }
    }

    /// A held entry's ledger entry marked gone is present again (no delete counts from the old date).
    @Test func aHeldEntryIsPresentForTheLedger() {
        let gone = LedgerEntry(identity: "corp:id-bob", accountKey: "k2", goneSince: Fx.now.addingTimeInterval(-40 * 86_400))
        var bob = Self.bobState
        bob.status = .inactive
        let result = Self.plan(
            [Self.aliceState, bob], [Self.managedAliceAndBob[0], gone], users: [Fx.user("alice"), Fx.user("bob", email: nil)])
        #expect(result.plan.isEmpty)
        #expect(result.ledgerUpdates == [LedgerEntry(identity: "corp:id-bob", accountKey: "k2")])
    }

    /// Another source's entry with the held account's email does not get a second account.
    @Test func noSecondAccountBesideAHeldOne() {
        let staff = Fx.group("staff", members: ["alice", "bob"])
        let index = PeopleIndex(
            snapshots: [
                DirectorySnapshot(source: "corp", users: [Fx.user("alice"), Fx.user("bob", email: nil)], groups: [staff]),
                DirectorySnapshot(source: "hr", users: [Fx.user("bob", source: "hr")], groups: [Fx.group("staff", source: "hr", members: ["bob"])]),
            ], matchBy: .email, nestedSources: [])
        let (_, mapping) = Self.world()
        let result = Planner.plan(
            decisions: Fx.decisions(mapping, index), accounts: [Self.aliceState, Self.bobState], ledger: Self.managedAliceAndBob,
            matchBy: .email, lifecycle: .init(), now: Fx.now, held: index.held)
        #expect(!result.plan.operations.contains { $0.username == "bob" })
        #expect(result.plan.summary.create == 0)
        #expect(result.plan.warnings.contains { $0.hasPrefix("source 'hr': uid=bob") && $0.contains("source 'corp': uid=bob") })
    }

    /// Under `on_deactivate: remove_projects` (the default) a deactivation takes the account
    /// out of its projects and says so; the reactivation grants them again from the mapping.
    @Test func deactivationRemovesProjectsAndReactivationGrantsThemAgain() {
        let ledger = Self.managedAliceAndBob
        // alice's entry moved (another DN, the same id): no longer staff, nor in apollo's group.
        let outOfScope = [Fx.user("alice-moved", email: "alice@example.com", id: "id-alice"), Fx.user("bob")]
        var world = World(accounts: [Self.aliceState, Self.bobState], ledger: ledger)
        let away = Self.plan(world.accounts, world.ledger, users: outOfScope)
        let deactivation = away.plan.operations.first { $0.username == "alice" }
        #expect(deactivation?.action == .deactivate)
        #expect(deactivation?.changes == Changes(projectsRemoved: ["apollo"]))
        world.apply(away)
        #expect(world.accounts.first { $0.key == "k1" }?.projects == [:])
        #expect(Self.plan(world.accounts, world.ledger, users: outOfScope).plan.isEmpty)

        let back = Self.plan(world.accounts, world.ledger)
        let reactivation = back.plan.operations.first { $0.username == "alice" }
        #expect(reactivation?.action == .reactivate)
        #expect(reactivation?.projects == ["apollo": .all])
        #expect(reactivation?.changes?.projectsSet == ["apollo": .all])
        world.apply(back)
        #expect(world.accounts.first { $0.key == "k1" } == Self.aliceState)

        let kept = Self.plan([Self.aliceState, Self.bobState], ledger, users: outOfScope, lifecycle: .init(onDeactivate: .keep))
        #expect(kept.plan.operations.first { $0.username == "alice" }?.changes == nil)
    }

    /// The same for a person gone from every source.
    @Test func goneDeactivationRemovesProjects() {
        let result = Self.plan([Self.aliceState, Self.bobState], Self.managedAliceAndBob, users: [Fx.user("bob")])
        let op = result.plan.operations.first { $0.username == "alice" }
        #expect(op?.action == .deactivate)
        #expect(op?.reason == "not in any source")
        #expect(op?.changes?.projectsRemoved == ["apollo"])
    }

    /// An inactive account still in projects (deactivated under `keep`, or by an older
    /// dirsync) loses them in an update that keeps it inactive; under `keep` it stays.
    @Test func inactiveAccountStillInProjectsLosesThem() {
        var alice = Self.aliceState
        alice.status = .inactive
        let outOfScope = [Fx.user("alice-moved", email: "alice@example.com", id: "id-alice"), Fx.user("bob")]
        for users in [outOfScope, [Fx.user("bob")]] {
            let result = Self.plan([alice, Self.bobState], Self.managedAliceAndBob, users: users)
            let op = result.plan.operations.first { $0.username == "alice" }
            #expect(op?.action == .update)
            #expect(op?.projects == [:])
            #expect(op?.roles == alice.roles)
            #expect(op?.changes == Changes(projectsRemoved: ["apollo"]))
            #expect(op?.reason.hasSuffix("; on_deactivate: remove_projects") == true)
            var world = World(accounts: [alice, Self.bobState], ledger: Self.managedAliceAndBob)
            world.apply(result)
            #expect(Self.plan(world.accounts, world.ledger, users: users).plan.isEmpty)
            let kept = Self.plan([alice, Self.bobState], Self.managedAliceAndBob, users: users, lifecycle: .init(onDeactivate: .keep))
            #expect(!kept.plan.operations.contains { $0.username == "alice" })
        }
    }
}
