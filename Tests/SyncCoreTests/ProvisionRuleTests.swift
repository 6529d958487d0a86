import Foundation
import Testing
@testable import SyncCore

/// `provision.user`: one user re-evaluated now from the mirror, one entry per configuration evaluated.
@Suite("Provision on demand")
struct ProvisionRuleTests {
    /// ann is shared to fabrikam and northwind through g-sales (DecisionRuleTests.shared).
    static func provision(_ h: inout Harness, _ user: String = "ann", target: String? = nil) throws -> [ProvisioningLogEntry] {
        try h.admin(.provisionUser(sourceTenant: "contoso", userId: user, targetTenant: target))
    }

    /// Overwrites a target user in the state without tracking, as an edit made in the target behind TenantSync's back.
    static func editBehindTheBack(_ h: inout Harness, _ user: String = "ann", in target: String = "fabrikam",
                                  _ edit: (inout TargetUser) -> Void) throws {
        var edited = try #require(h.target(user, in: target))
        edit(&edited)
        h.state.load(edited)
    }

    @Test func aTargetUserEditedBehindTheBackIsUpdatedBackAndOnlyThatTargetChanges() throws {
        var h = try DecisionRuleTests.shared()
        try Self.editBehindTheBack(&h) { $0.properties["displayName"] = .string("Someone else") }
        _ = h.state.takeChanges()
        let entries = try Self.provision(&h)
        #expect(entries.map(\.targetTenant) == ["fabrikam", "northwind"])
        #expect(entries.map(\.action) == [.update, .other])
        #expect(entries.map(\.status) == [.success, .skipped])
        #expect(entries[0].modifiedProperties == [
            ModifiedProperty(name: "displayName", oldValue: .string("Someone else"), newValue: .string("User ann")),
        ])
        #expect(entries[0].steps.map(\.name) == ["import", "scoping", "matching", "action"])
        #expect(entries[0].steps[0].detail.hasPrefix("provision on demand: ann (User ann) read from the source mirror of contoso (as of seq 2)"))
        #expect(entries[0].steps[1].detail == "direct member of group g-sales")
        #expect(entries[0].steps[3].detail == "updated 1 properties: displayName")
        #expect(entries[1].steps[3].detail == "target user already up to date: no changes")
        #expect(entries.allSatisfy { $0.changeId == "contoso:provision.user" && $0.sourceId == "ann" })
        #expect(h.target("ann")?[property: "displayName"] == .string("User ann"))
        let changes = h.state.takeChanges()
        #expect(changes.targetUsers == [TargetUserKey(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "ann")])
        #expect(changes.tenants.isEmpty && changes.sourceUsers.isEmpty && changes.memberships.isEmpty)
    }

    @Test func anUpToDateUserIsOneSkipPerConfigurationAndChangesNothing() throws {
        var h = try DecisionRuleTests.shared()
        _ = h.state.takeChanges()
        let entries = try Self.provision(&h)
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.action == .other && $0.status == .skipped && $0.modifiedProperties.isEmpty && $0.error == nil })
        #expect(entries.allSatisfy { $0.steps[2].detail.hasPrefix("matched target user ") })
        #expect(h.state.takeChanges().isEmpty)
        #expect(h.state.tenants["contoso"]?.lastSeq == 2)
    }

    @Test func aTargetNarrowsTheRunToItsConfigurations() throws {
        var h = try DecisionRuleTests.shared()
        try Self.editBehindTheBack(&h, in: "northwind") { $0.properties["jobTitle"] = nil }
        try Self.editBehindTheBack(&h, in: "fabrikam") { $0.properties["jobTitle"] = nil }
        let entries = try Self.provision(&h, target: "northwind")
        #expect(entries.map(\.configurationId) == ["MTO_Sync_northwind"])
        #expect(entries.first?.action == .update)
        #expect(h.target("ann", in: "northwind")?[property: "jobTitle"] == .string("Engineer"))
        #expect(h.target("ann", in: "fabrikam")?[property: "jobTitle"] == .null)
    }

    @Test func aMissingTargetUserIsCreatedAndASoftDeletedOneInScopeIsRestored() throws {
        var h = try Harness.organization()
        try h.upsert("ann")
        try h.addMember("ann", to: "g-sales")
        // Shared after ann joined, with every user re-evaluated; then drop fabrikam's copy as if never made.
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        var fresh = DirectoryState()
        for tenant in h.state.tenants.values { fresh.load(tenant) }
        for user in h.state.sourceUsers.values { fresh.load(user) }
        for membership in h.state.memberships { fresh.load(membership) }
        var northwind = try #require(h.target("ann", in: "northwind"))
        northwind.isSoftDeleted = true
        northwind.softDeletedAt = h.clock
        fresh.load(northwind)
        h.state = fresh
        let entries = try Self.provision(&h)
        #expect(entries.map(\.action) == [.create, .restore])
        #expect(entries[0].steps[2].detail == "no target user with source anchor contoso/ann")
        #expect(h.isActive("ann") && h.isActive("ann", in: "northwind"))
    }

    @Test func aTargetUserActiveOutOfScopeIsSoftDeletedThroughTheThreshold() throws {
        var h = try DecisionRuleTests.shared()
        try h.removeMember("ann", from: "g-sales")
        // Re-enabled in fabrikam by hand although ann left scope.
        try Self.editBehindTheBack(&h) { $0.isSoftDeleted = false; $0.softDeletedAt = nil }
        let entries = try Self.provision(&h)
        #expect(entries.map(\.action) == [.delete, .other])
        #expect(entries[0].steps[1].status == .skipped && entries[0].steps[1].detail.contains("not a member of g-sales"))
        #expect(entries[1].steps[3].detail.hasPrefix("out of scope; target user ") && entries[1].status == .skipped)
        #expect(h.target("ann")?.isSoftDeleted == true)
    }

    @Test func aUserOutOfScopeAndNeverSyncedIsSkippedWithTheScopeReason() throws {
        var h = try DecisionRuleTests.shared()
        try h.upsert("bob")
        try h.addMember("bob", to: "g-sales", role: .owner)
        try h.upsert("gus", ["userType": .string("Guest")])
        try h.addMember("gus", to: "g-sales")
        _ = h.state.takeChanges()
        let owner = try Self.provision(&h, "bob")
        #expect(owner.count == 2 && owner.allSatisfy { $0.status == .skipped && $0.error?.code == "OwnerOnlyMembership" })
        #expect(owner[0].steps[3].detail == "out of scope and never synced: nothing to do")
        let guest = try Self.provision(&h, "gus", target: "fabrikam")
        #expect(guest.map(\.error?.code) == ["SourceGuestNotSynced"])
        #expect(h.state.takeChanges().isEmpty)
    }

    @Test func anUnknownUserIsOneSkipPerConfigurationNamingTheId() throws {
        var h = try DecisionRuleTests.shared()
        _ = h.state.takeChanges()
        let entries = try Self.provision(&h, "ann@contoso.com")
        #expect(entries.count == 2)
        for entry in entries {
            #expect(entry.action == .other && entry.status == .skipped && entry.targetId == nil)
            #expect(entry.error?.code == Engine.sourceUserNotFoundCode)
            #expect(entry.error?.recommendedAction.contains("not the userPrincipalName") == true)
            #expect(entry.steps.map(\.status) == [.skipped, .skipped, .skipped, .skipped])
            #expect(entry.steps[0].detail == "provision on demand: ann@contoso.com is not in the source mirror of contoso (as of seq 2)")
        }
        #expect(h.state.takeChanges().isEmpty)
    }

    @Test func aHardDeletedSourceUserStillSyncedIsSoftDeleted() throws {
        var h = try DecisionRuleTests.shared()
        try h.change(.userDeleted(userId: "ann", hard: true))
        try Self.editBehindTheBack(&h) { $0.isSoftDeleted = false; $0.softDeletedAt = nil }
        let entries = try Self.provision(&h)
        #expect(entries.map(\.action) == [.delete, .other])
        #expect(entries[0].steps[0].detail.contains("no longer in the source mirror of contoso"))
        #expect(entries[0].error == nil && entries[1].error?.code == "SourceUserUnknown")
    }

    @Test func aDisableHeldByAQuarantinedConfigurationStaysHeld() throws {
        var h = try ThresholdRuleTests.setUp()
        for i in 1...3 { try h.removeMember("u\(i)", from: "g") }
        #expect(h.isActive("u3"))
        let entries = try h.admin(.provisionUser(sourceTenant: "contoso", userId: "u3", targetTenant: nil))
        #expect(entries.map(\.action) == [.stagedDelete])
        #expect(entries.first?.error?.code == "DeletionThresholdExceeded")
        #expect(h.isActive("u3"))
    }

    @Test(arguments: [
        (AdminAction.provisionUser(sourceTenant: "contoso", userId: "ann", targetTenant: "litware"),
         "targetTenant: 'litware' is not a tenant of organization 'org-1'"),
        (.provisionUser(sourceTenant: "contoso", userId: "ann", targetTenant: "contoso"), "targetTenant: must differ from sourceTenant 'contoso'"),
    ])
    func aRequestNamingABadTargetIsRejected(action: AdminAction, reason: String) throws {
        var h = try DecisionRuleTests.shared()
        let before = h.state.tenants
        #expect(throws: ChangeRejection(reason)) { try h.admin(action) }
        #expect(h.state.tenants == before)
    }

    @Test func aRequestWithNothingToEvaluateIsRejectedSayingWhy() throws {
        var h = try Harness.organization()
        try h.upsert("ann")
        #expect(throws: ChangeRejection(
            "sourceTenant: no configuration of 'contoso' is active, so there is nothing to provision (share users, or apply a configuration, first)"
        )) { try Self.provision(&h) }
        try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil))))
        #expect(throws: ChangeRejection(
            "sourceTenant: no configuration of 'contoso' targets 'northwind', so there is nothing to provision (share users, or apply a configuration, first)"
        )) { try Self.provision(&h, target: "northwind") }
        #expect(try Self.provision(&h, target: "fabrikam").map(\.configurationId) == ["c"])

        var outside = Harness()
        #expect(performing: { try outside.admin(.provisionUser(sourceTenant: "litware", userId: "x", targetTenant: nil), as: "litware") },
                throws: { ($0 as? ChangeRejection)?.code == .tenantOutsideOrganization })
    }

    @Test func itLoadsTheUserWithItsContextNotTheWholeTenant() {
        let change = ChangeEvent(tenantId: "contoso", seq: nil, occurredAt: Date(timeIntervalSince1970: 0),
                                 kind: .admin(.provisionUser(sourceTenant: "contoso", userId: "ann", targetTenant: nil)))
        let request = Engine.requirements(for: [change])
        #expect(request.wholeTenants.isEmpty)
        #expect(request.tenantStates == ["contoso"])
        #expect(request.sourceUsers == [SourceUserKey(tenantId: "contoso", userId: "ann")])
    }

    /// Over random organizations: provisioning every user of a state the engine reached changes no target user (the
    /// event-driven rules left nothing to reconcile), and after an edit behind the back of every other user in scope,
    /// it gives back exactly the targets the engine had made.
    @Test func provisioningEveryUserFindsNothingToDoAndRepairsDrift() throws {
        var edits = 0
        for seed in UInt64(20_000)..<20_300 {
            var generator = ScenarioGenerator(seed: seed)
            let clean = PropertyTests.run(generator.sequence(length: 40))
            var drifted = clean
            for (i, key) in PropertyTests.kept(clean).sorted().enumerated() where i % 2 == 0 {
                guard var user = clean.targetUsers[key] else { continue }
                user.properties["department"] = .string("edited by hand")
                drifted.load(user)
                edits += 1
            }
            var untouched = clean
            var offset: Int64 = 1_000
            let at = generator.clock.addingTimeInterval(1)
            for tenant in clean.tenants.values.sorted(by: { $0.tenantId < $1.tenantId })
            where tenant.organizationId != nil && !tenant.activeConfigurations.isEmpty {
                for user in clean.userIds(ofTenant: tenant.tenantId) {
                    offset += 1
                    let change = ChangeEvent(tenantId: tenant.tenantId, seq: nil, occurredAt: at,
                                             kind: .admin(.provisionUser(sourceTenant: tenant.tenantId, userId: user, targetTenant: nil)))
                    let record = ChangeRecord(change: change, partition: 0, offset: offset, processedAt: at)
                    let entries = try Engine.apply(record, to: &untouched)
                    #expect(entries.allSatisfy { $0.status == .skipped }, "seed \(seed) \(user): \(entries.map(\.action))")
                    _ = try Engine.apply(record, to: &drifted)
                }
            }
            #expect(untouched.targetUsers == clean.targetUsers, "seed \(seed)")
            #expect(drifted.targetUsers == clean.targetUsers, "seed \(seed)")
            if untouched.targetUsers != clean.targetUsers || drifted.targetUsers != clean.targetUsers { break }
        }
        #expect(edits > 100, "too few users in scope to edit: \(edits)")
    }

    @Test func previewShowsTheStepsAndLeavesTheStateAlone() throws {
        var h = try DecisionRuleTests.shared()
        try Self.editBehindTheBack(&h) { $0.properties["jobTitle"] = .string("Intern") }
        let before = h.state.targetUsers
        let change = ChangeEvent(tenantId: "contoso", seq: nil, occurredAt: h.clock,
                                 kind: .admin(.provisionUser(sourceTenant: "contoso", userId: "ann", targetTenant: nil)))
        let (outcome, changes) = Engine.preview(ChangeRecord(change: change, partition: -1, offset: -1, processedAt: h.clock), on: h.state)
        guard case .applied(let entries) = outcome else { Issue.record("rejected: \(outcome)"); return }
        #expect(entries.map(\.action) == [.update, .other])
        #expect(changes.targetUsers.count == 1)
        #expect(h.state.targetUsers == before)
    }
}
