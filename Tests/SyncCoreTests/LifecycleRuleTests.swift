import Foundation
import Testing
@testable import SyncCore

@Suite("Lifecycle rules")
struct LifecycleRuleTests {
    @Test func deletingASharedGroupSoftDeletesUsersOnlyItKept() throws {
        var h = try DecisionRuleTests.shared()
        try h.upsert("bob")
        try h.addMember("bob", to: "g-sales")
        try h.addMember("bob", to: "g-other")
        try h.admin(.shareEdit(sourceTenant: "contoso", groups: ["g-sales", "g-other"]))
        let entries = try h.change(.groupDeleted(groupId: "g-sales"))
        #expect(!h.isActive("ann") && h.isActive("bob"))
        #expect(entries.map(\.sourceId) == ["ann", "ann"] && entries.allSatisfy { $0.action == .delete })
        #expect(h.state.memberships(ofGroup: GroupKey(tenantId: "contoso", groupId: "g-sales")).isEmpty)
    }

    @Test func hardDeleteRemovesTheMirrorAndSoftDeletesTheTarget() throws {
        var h = try DecisionRuleTests.shared()
        _ = h.state.takeChanges()
        try h.change(.userDeleted(userId: "ann", hard: true))
        let changes = h.state.takeChanges()
        #expect(changes.sourceUsers[SourceUserKey(tenantId: "contoso", userId: "ann")] == .deleted)
        #expect(changes.memberships.values.allSatisfy { $0 == .deleted } && changes.memberships.count == 1)
        #expect(h.target("ann")?.isSoftDeleted == true)
        let restore = try h.change(.userRestored(userId: "ann"))
        #expect(restore.allSatisfy { $0.error?.code == "SourceUserUnknown" })
    }

    @Test func reEnablingADisabledUserIsAnUpdate() throws {
        var h = try DecisionRuleTests.shared()
        try h.upsert("ann", ["jobTitle": .string("Engineer"), "accountEnabled": .bool(false)])
        try h.upsert("ann", ["jobTitle": .string("Engineer"), "accountEnabled": .bool(true)])
        #expect(h.log.suffix(2).map(\.action) == [.update, .update])
        #expect(h.target("ann")?[property: "accountEnabled"] == .bool(true))
    }

    @Test func retargetingAConfigurationMovesItsUsers() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil))))
        try h.upsert("ann")
        try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "northwind", scope: ConfigurationScope(groups: nil))))
        #expect(h.target("ann")?.isSoftDeleted == true)
        #expect(h.isActive("ann", in: "northwind"))
    }

    @Test func retargetingLogsTheOldAndTheNewTargetUnderDistinctIds() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil))))
        try h.upsert("ann")
        let moved = try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "northwind", scope: ConfigurationScope(groups: nil))))
        #expect(moved.map { "\($0.targetTenant) \($0.configurationId) \($0.action) \($0.sourceId)" } == ["fabrikam c delete ann", "northwind c create ann"])
        // Readers drop repeated ids: both entries must survive.
        #expect(Set(moved.map(\.id)).count == 2)
    }

    @Test func sourceLeavingTheOrganizationUnsyncsEvenWhenQuarantined() throws {
        var h = try ThresholdRuleTests.setUp()
        for i in 1...3 { try h.removeMember("u\(i)", from: "g") }
        #expect(h.isActive("u3"))
        for tenant in Harness.tenants { try h.admin(.orgRemoveTenant(organizationId: "org-1", tenantId: "contoso"), as: tenant.id) }
        let synced = h.state.targetUsers.values.filter { $0.anchor.identityProvider == "contoso" }
        #expect(synced.count == 5 && synced.allSatisfy { $0.isSoftDeleted })
        let last = try #require(h.log.last)
        #expect(last.error == nil)
        #expect(last.action == .delete)
    }

    @Test func expressionMappingsUseTheExpressionLanguage() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(
            id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil),
            mappings: [AttributeMapping(target: "displayName", source: .expression(try MappingExpression(#"Join(" ", [givenName], ToUpper([surname]))"#)))])))
        try h.upsert("ann", ["givenName": .string("Ann"), "surname": .string("Lee")])
        #expect(h.target("ann")?[property: "displayName"] == .string("Ann LEE"))
    }

    @Test func batchOutcomesKeepGoingAfterARejection() throws {
        var h = try Harness.organization()
        let at = h.clock
        let records = [
            ChangeRecord(change: ChangeEvent(tenantId: "acme", seq: 1, occurredAt: at, kind: .userRestored(userId: "x")), partition: 1, offset: 10, processedAt: at),
            ChangeRecord(change: ChangeEvent(tenantId: "contoso", seq: 1, occurredAt: at, kind: .userUpserted(id: "ann", properties: [:])), partition: 1, offset: 11, processedAt: at),
        ]
        let outcomes = Engine.apply(records, to: &h.state)
        #expect(outcomes.first == .rejected(ChangeRejection("tenantId: 'acme' belongs to no organization", code: .tenantOutsideOrganization)))
        #expect(outcomes.last == .applied([]))
        #expect(h.state.sourceUsers[SourceUserKey(tenantId: "contoso", userId: "ann")] != nil)
    }
}

@Suite("Preview")
struct PreviewTests {
    @Test func previewShowsWhatAScopeEditWouldDoWithoutDoingIt() throws {
        let h = try DecisionRuleTests.shared()
        let before = h.state.targetUsers
        let record = ChangeRecord(
            change: ChangeEvent(tenantId: "contoso", seq: nil, occurredAt: h.clock, kind: .admin(.shareEdit(sourceTenant: "contoso", groups: []))),
            partition: 0, offset: 99, processedAt: h.clock)
        let (outcome, changes) = Engine.preview(record, on: h.state)
        guard case .applied(let entries) = outcome else { Issue.record("rejected"); return }
        #expect(entries.map(\.action) == [.delete, .delete])
        #expect(changes.targetUsers.count == 2)
        #expect(h.state.targetUsers == before)
    }
}
