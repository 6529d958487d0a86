import Foundation
import Testing
@testable import SyncCore

@Suite("Organizations and configurations")
struct OrganizationRuleTests {
    @Test func dataChangeFromATenantOutsideEveryOrganizationIsRejected() throws {
        var h = try Harness.organization()
        #expect(throws: ChangeRejection("tenantId: 'acme' belongs to no organization", code: .tenantOutsideOrganization)) {
            try h.change(.userUpserted(id: "x", properties: [:]), tenant: "acme")
        }
    }

    @Test func aTenantBelongsToAtMostOneOrganization() throws {
        var h = try Harness.organization()
        #expect(throws: ChangeRejection.self) {
            try h.admin(.orgCreate(organizationId: "org-2", tenants: [Tenant(id: "contoso", defaultDomain: "c.com")]))
        }
    }

    @Test func sharingCreatesMTOSyncConfigurationsForEveryOtherTenant() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        try h.admin(.shareUsers(sourceTenant: "fabrikam", groups: ["g"]), as: "fabrikam")
        #expect(h.state.tenants["contoso"]?.configurations.keys.sorted() == ["MTO_Sync_fabrikam", "MTO_Sync_northwind"])
        // Ids are unique within their source only: both sources hold an MTO_Sync_northwind.
        #expect(h.state.tenants["fabrikam"]?.configurations.keys.sorted() == ["MTO_Sync_contoso", "MTO_Sync_northwind"])
    }

    @Test func addedTenantReceivesNothingUntilShareCurrentScope() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        try h.upsert("ann")
        try h.addMember("ann", to: "g")
        let wingtip = Tenant(id: "wingtip", defaultDomain: "wingtip.com")
        for tenant in Harness.tenants + [wingtip] {
            try h.admin(.orgAddTenant(organizationId: "org-1", tenant: wingtip, tenants: Harness.tenants + [wingtip]), as: tenant.id)
        }
        #expect(!h.isActive("ann", in: "wingtip"))
        try h.admin(.shareCurrentScope(sourceTenant: "contoso"))
        #expect(h.isActive("ann", in: "wingtip"))
        #expect(h.target("ann", in: "wingtip")?[property: "userPrincipalName"] == .string("ann_contoso.com#EXT#@wingtip.com"))
    }

    @Test func removedTargetKeepsItsUsersAndRemovedSourceIsUnsynced() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        try h.upsert("ann")
        try h.addMember("ann", to: "g")
        for tenant in Harness.tenants { try h.admin(.orgRemoveTenant(organizationId: "org-1", tenantId: "fabrikam"), as: tenant.id) }
        #expect(h.isActive("ann", in: "fabrikam"))
        #expect(h.state.tenants["contoso"]?.configurations.keys.sorted() == ["MTO_Sync_northwind"])
        for tenant in ["contoso", "northwind"] { try h.admin(.orgRemoveTenant(organizationId: "org-1", tenantId: "contoso"), as: tenant) }
        #expect(h.target("ann", in: "northwind")?.isSoftDeleted == true)
        #expect(throws: ChangeRejection.self) { try h.upsert("bob") }
    }

    @Test func invalidAdminActionsAreRejectedNamingTheFieldAndChangeNothing() throws {
        var h = try Harness.organization()
        let before = h.state.tenants
        #expect(throws: ChangeRejection("configurationId: no configuration 'x' in tenant 'contoso'")) {
            try h.admin(.configDelete(sourceTenant: "contoso", configurationId: "x"))
        }
        #expect(throws: ChangeRejection("configuration.targetTenant: 'acme' is not a tenant of organization 'org-1'")) {
            try h.admin(.configUpsert(Configuration(id: "c", sourceTenant: "contoso", targetTenant: "acme", scope: ConfigurationScope(groups: nil))))
        }
        #expect(throws: ChangeRejection("sourceTenant: 'contoso' has not shared users yet (run share.users first)")) {
            try h.admin(.shareCurrentScope(sourceTenant: "contoso"))
        }
        #expect(h.state.tenants == before)
    }
}

@Suite("Several organizations and configurations")
struct MultiOrganizationTests {
    @Test func sharingNeverCrossesOrganizations() throws {
        var h = try Harness.organization(Array(Harness.tenants[0...1]))
        let wingtip = Tenant(id: "wingtip", defaultDomain: "wingtip.com")
        try h.admin(.orgCreate(organizationId: "org-2", tenants: [Harness.tenants[2], wingtip]), as: "northwind")
        try h.admin(.orgCreate(organizationId: "org-2", tenants: [Harness.tenants[2], wingtip]), as: "wingtip")
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        #expect(h.state.tenants["contoso"]?.configurations.keys.sorted() == ["MTO_Sync_fabrikam"])
        #expect(throws: ChangeRejection.self) {
            try h.admin(.configUpsert(Configuration(id: "x", sourceTenant: "contoso", targetTenant: "wingtip", scope: ConfigurationScope(groups: nil))))
        }
        try h.upsert("ann")
        try h.addMember("ann", to: "g")
        #expect(h.state.targetUsers.keys.map(\.targetTenant) == ["fabrikam"])
    }

    @Test func aUserIsInScopeIfAnyConfigurationOfThePairKeepsIt() throws {
        var h = try Harness.organization()
        let rd = try AttributeFilters([[FilterClause(attribute: "department", operatorName: "EQUALS", value: "R&D")]])
        let hr = try AttributeFilters([[FilterClause(attribute: "department", operatorName: "EQUALS", value: "HR")]])
        try h.admin(.configUpsert(Configuration(id: "rd", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil, filters: rd))))
        try h.admin(.configUpsert(Configuration(id: "hr", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil, filters: hr))))
        try h.upsert("ann", ["department": .string("R&D")])
        #expect(h.isActive("ann"))
        let moved = try h.change(.userUpserted(id: "ann", properties: ["userPrincipalName": .string("ann@contoso.com"), "department": .string("HR")]))
        #expect(h.isActive("ann"))
        #expect(Set(moved.map(\.status)) == [.success, .skipped])
        try h.upsert("ann", ["department": .string("Sales")])
        #expect(h.target("ann")?.isSoftDeleted == true)
    }
}
