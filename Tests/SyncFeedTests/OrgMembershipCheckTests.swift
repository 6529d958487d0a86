import Foundation
import SyncCore
import Testing
@testable import SyncFeed

/// `org add-tenant --store` and `org remove-tenant --store`: the organization as the workers applied it.
@Suite struct OrgMembershipCheckTests {
    /// The tenant states after `org.create` of `members` in `organization`, as each member's worker applied it.
    func states(_ organization: String, _ members: [String]) throws -> [TenantState] {
        var state = DirectoryState()
        let tenants = members.map { Tenant(id: $0, defaultDomain: "\($0).com") }
        for (offset, member) in members.enumerated() {
            let change = ChangeEvent(tenantId: member, seq: nil, occurredAt: Date(timeIntervalSince1970: 0),
                                     kind: .admin(.orgCreate(organizationId: organization, tenants: tenants)))
            _ = try Engine.apply(ChangeRecord(change: change, partition: 0, offset: Int64(offset), processedAt: Date()), to: &state)
        }
        return members.compactMap { state.tenants[$0] }
    }

    @Test func aTenantOfAnotherOrganizationIsRefusedNamingIt() throws {
        let stored = try states("org-2", ["northwind", "tailspin"])
        let publication = AdminPublication.addTenant(Tenant(id: "northwind", defaultDomain: "northwind.com"),
                                                     organization: "org-1", members: [])
        let problem = publication.membershipProblem(joiningState: stored.first { $0.tenantId == "northwind" })
        #expect(problem?.hasPrefix("--id: 'northwind' already belongs to organization 'org-2'") == true)
    }

    @Test func aNewTenantOrOneAlreadyInThatOrganizationPasses() throws {
        let stored = try states("org-1", ["contoso", "fabrikam"])
        let fabrikam = AdminPublication.addTenant(Tenant(id: "fabrikam", defaultDomain: "fabrikam.com"),
                                                  organization: "org-1", members: [])
        #expect(fabrikam.membershipProblem(joiningState: stored.first { $0.tenantId == "fabrikam" }) == nil)
        let newcomer = AdminPublication.addTenant(Tenant(id: "litware", defaultDomain: "litware.com"),
                                                  organization: "org-1", members: [])
        #expect(newcomer.membershipProblem(joiningState: nil) == nil)
    }

    @Test func membersComeFromTheStoredStatesOfThatOrganizationOnly() throws {
        let stored = try states("org-1", ["fabrikam", "contoso"]) + states("org-2", ["northwind"])
        #expect(AdminPublication.members(of: "org-1", in: stored).map(\.id) == ["contoso", "fabrikam"])
        #expect(AdminPublication.members(of: "org-2", in: stored).map(\.id) == ["northwind"])
        #expect(AdminPublication.members(of: "org-3", in: stored).isEmpty)
        // Published under every member's key and the newcomer's.
        let publication = AdminPublication.addTenant(Tenant(id: "litware", defaultDomain: "litware.com"), organization: "org-1",
                                                     members: AdminPublication.members(of: "org-1", in: stored))
        #expect(publication.keys == ["contoso", "fabrikam", "litware"])
    }
}
