import Foundation
import Testing
@testable import SyncCore

@Suite("Scope rules")
struct ScopeRuleTests {
    @Test func directMemberOfSharedGroupIsCreatedAsMemberInEveryOtherTenant() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("ann")
        let entries = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("ann"), role: .member)))
        #expect(entries.map(\.action) == [.create, .create])
        #expect(Set(entries.map(\.targetTenant)) == ["fabrikam", "northwind"])
        let ann = try #require(h.target("ann"))
        #expect(ann[property: "userType"] == .string("Member"))
        #expect(ann[property: "userPrincipalName"] == .string("ann_contoso.com#EXT#@fabrikam.com"))
        #expect(ann.id == TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "ann"))
        #expect(h.target("ann", in: "contoso") == nil)
    }

    @Test func ownerOnlyMembersAreNotSynced() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("olga")
        let entries = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("olga"), role: .owner)))
        #expect(h.target("olga") == nil)
        #expect(entries.allSatisfy { $0.status == .skipped && $0.error?.code == "OwnerOnlyMembership" })
        #expect(entries.count == 2)
    }

    @Test func nestedGroupMembersAreNotSynced() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("ned")
        try h.addMember("ned", to: "g-inner")
        let nested = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .group("g-inner"), role: .member)))
        #expect(nested.allSatisfy { $0.error?.code == "NestedGroupNotSynced" } && nested.count == 2)
        let entries = try h.change(.userUpserted(id: "ned", properties: ["displayName": .string("Ned")]))
        #expect(h.target("ned") == nil)
        #expect(entries.allSatisfy { $0.error?.code == "NestedGroupMember" })
    }

    @Test func sourceGuestIsNotSynced() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("gus", ["userType": .string("Guest")])
        let entries = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("gus"), role: .member)))
        #expect(h.target("gus") == nil)
        #expect(entries.allSatisfy { $0.error?.code == "SourceGuestNotSynced" })
    }

    @Test func membershipBeforeUserIsKeptAndAppliedWhenTheUserArrives() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        let early = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("late"), role: .member)))
        #expect(early.allSatisfy { $0.error?.code == "SourceUserUnknown" })
        try h.upsert("late")
        #expect(h.isActive("late"))
    }

    @Test func attributeFiltersNarrowAHandMadeConfiguration() throws {
        var h = try Harness.organization()
        let filters = try AttributeFilters([[FilterClause(attribute: "department", operatorName: "EQUALS", value: "R&D")]])
        try h.admin(.configUpsert(Configuration(
            id: "eng", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g-eng"], filters: filters))))
        try h.upsert("rd", ["department": .string("R&D")])
        try h.upsert("hr", ["department": .string("HR")])
        try h.addMember("rd", to: "g-eng")
        let hr = try h.change(.memberAdded(MembershipChange(groupId: "g-eng", member: .user("hr"), role: .member)))
        #expect(h.isActive("rd"))
        #expect(h.target("hr") == nil)
        #expect(hr.first?.error?.code == "ScopingFilterMismatch")
        #expect(h.target("rd", in: "northwind") == nil)
    }

    @Test func configurationWithoutGroupsScopesEveryInternalMember() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(id: "all", sourceTenant: "contoso", targetTenant: "northwind", scope: ConfigurationScope(groups: nil))))
        try h.upsert("ann")
        try h.upsert("gus", ["userType": .string("Guest")])
        #expect(h.isActive("ann", in: "northwind"))
        #expect(h.target("gus", in: "northwind") == nil)
    }
}
