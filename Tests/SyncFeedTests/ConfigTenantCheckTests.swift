import Foundation
import SyncCore
import Testing
@testable import SyncFeed

@Suite struct ConfigTenantCheckTests {
    func sourceState(members: [String]) throws -> TenantState {
        var state = DirectoryState()
        let tenants = members.map { Tenant(id: $0, defaultDomain: "\($0).com") }
        let change = ChangeEvent(tenantId: "contoso", seq: nil, occurredAt: Date(timeIntervalSince1970: 0),
                                 kind: .admin(.orgCreate(organizationId: "org-1", tenants: tenants)))
        _ = try Engine.apply(ChangeRecord(change: change, partition: 0, offset: 0, processedAt: Date()), to: &state)
        return try #require(state.tenants["contoso"])
    }

    func upsert(target: String) throws -> AdminPublication {
        let json = "{\"id\": \"eng\", \"sourceTenant\": \"contoso\", \"targetTenant\": \"\(target)\", \"scope\": {\"groups\": [\"g\"]}}"
        return try AdminPublication.configUpsert(json: Array(json.utf8))
    }

    @Test func configurationBetweenMembersOfOneOrganizationPasses() throws {
        #expect(try upsert(target: "fabrikam").tenantProblem(sourceState: sourceState(members: ["contoso", "fabrikam"])) == nil)
    }

    @Test func targetOutsideTheOrganizationIsRefusedNamingTheField() throws {
        let problem = try upsert(target: "northwind").tenantProblem(sourceState: sourceState(members: ["contoso", "fabrikam"]))
        #expect(problem?.hasPrefix("configuration.targetTenant: 'northwind' is not a member of organization 'org-1'") == true)
    }

    @Test func sourceTheWorkersHaveNotSeenInAnOrganizationIsRefused() throws {
        let problem = try upsert(target: "fabrikam").tenantProblem(sourceState: nil)
        #expect(problem?.hasPrefix("configuration.sourceTenant: 'contoso' belongs to no organization") == true)
    }
}
