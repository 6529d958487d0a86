import FastJSON
import Foundation
import Testing
@testable import SyncCore

@Suite("Scenario files")
struct ScenarioTests {
    static let example = #"""
        {"tenants": [{"id": "contoso", "defaultDomain": "contoso.com"}, {"id": "fabrikam", "defaultDomain": "fabrikam.com"}],
         "targets": {"fabrikam": {"users": [
           {"id": "guest-1", "userPrincipalName": "bob_contoso.com#EXT#@fabrikam.com", "userType": "Guest",
            "displayName": "Bob (guest)", "alternativeSecurityIds": [{"identityProvider": "contoso", "key": "u-bob"}]}]}},
         "steps": [
           {"admin": {"action": "share.users", "sourceTenant": "contoso", "groups": ["g-sales"]}},
           {"change": {"tenantId": "contoso", "seq": 1, "type": "user.upserted", "user": {"id": "u-ann", "userPrincipalName": "ann@contoso.com", "displayName": "Ann Lee", "userType": "Member", "accountEnabled": true}}},
           {"change": {"tenantId": "contoso", "seq": 2, "type": "group.member.added", "groupId": "g-sales", "userId": "u-ann", "role": "member"}},
           {"change": {"tenantId": "contoso", "seq": 3, "type": "user.upserted", "user": {"id": "u-bob", "userPrincipalName": "bob@contoso.com", "displayName": "Bob Ray", "userType": "Member", "accountEnabled": true}}},
           {"change": {"tenantId": "contoso", "seq": 4, "type": "group.member.added", "groupId": "g-sales", "userId": "u-bob", "role": "member"}},
           {"admin": {"action": "org.addTenant", "tenant": {"id": "northwind", "defaultDomain": "northwind.com"}}},
           {"admin": {"action": "share.currentScope", "sourceTenant": "contoso"}}
         ]}
        """#

    @Test func theContractExampleRunsThroughTheReferenceModel() throws {
        let scenario = try ScenarioCodec.decode(Array(Self.example.utf8))
        #expect(Timestamp.format(Scenario.baseTime) == "2026-12-03T16:00:00.000Z")
        // org.create under both keys, 5 steps, org.addTenant under all three keys, share.currentScope.
        #expect(scenario.records.count == 2 + 5 + 3 + 1)
        var state = DirectoryState()
        for user in scenario.targetUsers { state.load(user) }
        for (offset, change) in scenario.records.enumerated() {
            _ = try Engine.apply(ChangeRecord(change: change, partition: 0, offset: Int64(offset), processedAt: change.occurredAt), to: &state)
        }
        let fabrikam = try #require(ResultSnapshot.targets(state.targetUsers.values)["fabrikam"]?["users"]?.array)
        #expect(fabrikam.map { $0["userPrincipalName"]?.string } == ["ann_contoso.com#EXT#@fabrikam.com", "bob_contoso.com#EXT#@fabrikam.com"])
        #expect(fabrikam.map { $0["userType"]?.string } == ["Member", "Guest"])
        #expect(fabrikam[1]["id"] == .string("guest-1") && fabrikam[1]["displayName"] == .string("Bob Ray"))
        let northwind = try #require(ResultSnapshot.targets(state.targetUsers.values)["northwind"]?["users"]?.array)
        #expect(northwind.count == 2)
    }

    /// A step without occurredAt (every admin step) comes one second after the latest step before it, so an admin
    /// action after a change dated a month later is not applied a month in the past (its soft deletes would then
    /// be outside the 30-day restore window too early).
    @Test func stepsWithoutOccurredAtComeJustAfterTheLatestStepBeforeThem() throws {
        let scenario = try ScenarioCodec.decode(Array(#"""
            {"tenants": [{"id": "contoso", "defaultDomain": "contoso.com"}, {"id": "fabrikam", "defaultDomain": "fabrikam.com"}],
             "steps": [
               {"admin": {"action": "share.users", "sourceTenant": "contoso", "groups": ["g"]}},
               {"change": {"tenantId": "contoso", "seq": 1, "type": "user.restored", "userId": "u", "occurredAt": "2027-01-02T16:30:00.000Z"}},
               {"admin": {"action": "config.allowDeletes", "sourceTenant": "contoso", "configurationId": "MTO_Sync_fabrikam"}},
               {"change": {"tenantId": "contoso", "seq": 2, "type": "user.restored", "userId": "u"}},
               {"change": {"tenantId": "contoso", "seq": 3, "type": "user.restored", "userId": "u", "occurredAt": "2026-12-03T15:00:00.000Z"}},
               {"change": {"tenantId": "contoso", "seq": 4, "type": "user.restored", "userId": "u"}}
             ]}
            """#.utf8))
        #expect(scenario.records.dropFirst(2).map { Timestamp.format($0.occurredAt) } == [
            "2026-12-03T16:00:01.000Z", "2027-01-02T16:30:00.000Z", "2027-01-02T16:30:01.000Z", "2027-01-02T16:30:02.000Z",
            "2026-12-03T15:00:00.000Z", "2027-01-02T16:30:03.000Z",
        ])
    }

    /// Each member's partition learns of a joining tenant on its own and cannot see that it belongs to another
    /// organization, so the scenario refuses the step rather than let sharing cross organizations.
    @Test func aStepThatPutsATenantInASecondOrganizationIsRefused() {
        let organizations = #"""
            {"organizations": [
               {"id": "org-1", "tenants": [{"id": "contoso", "defaultDomain": "contoso.com"}, {"id": "fabrikam", "defaultDomain": "fabrikam.com"}]},
               {"id": "org-2", "tenants": [{"id": "northwind", "defaultDomain": "northwind.com"}]}],
             "steps": [STEP]}
            """#
        let add = #"{"admin": {"action": "org.addTenant", "organizationId": "org-1", "tenant": {"id": "northwind", "defaultDomain": "northwind.com"}}}"#
        #expect(throws: ChangeDecodingError(.invalidField, "steps[0].admin.tenant.id: 'northwind' already belongs to organization 'org-2'; a tenant belongs to at most one")) {
            try ScenarioCodec.decode(Array(organizations.replacingOccurrences(of: "STEP", with: add).utf8))
        }
        let create = #"{"admin": {"action": "org.create", "organizationId": "org-3", "tenants": [{"id": "wingtip", "defaultDomain": "wingtip.com"}, {"id": "contoso", "defaultDomain": "contoso.com"}]}}"#
        #expect(throws: ChangeDecodingError(.invalidField, "steps[0].admin.tenants[1].id: 'contoso' already belongs to organization 'org-1'; a tenant belongs to at most one")) {
            try ScenarioCodec.decode(Array(organizations.replacingOccurrences(of: "STEP", with: create).utf8))
        }
        // Once it has left org-2, it may join org-1.
        let move = #"{"admin": {"action": "org.removeTenant", "organizationId": "org-2", "tenantId": "northwind"}}, "# + add
        #expect(throws: Never.self) { try ScenarioCodec.decode(Array(organizations.replacingOccurrences(of: "STEP", with: move).utf8)) }
    }

    @Test func invalidStepsAreNamedByIndexAndField() {
        let bad = Self.example.replacingOccurrences(of: #""user": {"id": "u-ann", "#, with: #""user": {"#)
        #expect(throws: ChangeDecodingError(.invalidField, "steps[1].change.user.id: missing")) {
            try ScenarioCodec.decode(Array(bad.utf8))
        }
        let unknown = Self.example.replacingOccurrences(of: "share.currentScope", with: "share.nothing")
        #expect(throws: ChangeDecodingError(.unknownType, "steps[6].admin.action: unknown 'share.nothing'")) {
            try ScenarioCodec.decode(Array(unknown.utf8))
        }
    }
}
