import Foundation
import Testing
@testable import SyncCore

@Suite("Decision rules")
struct DecisionRuleTests {
    static func shared() throws -> Harness {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("ann", ["jobTitle": .string("Engineer")])
        try h.addMember("ann", to: "g-sales")
        return h
    }

    @Test func updatesWriteOnlyChangedProperties() throws {
        var h = try Self.shared()
        let entries = try h.change(.userUpserted(id: "ann", properties: [
            "userPrincipalName": .string("ann@contoso.com"), "displayName": .string("User ann"), "userType": .string("Member"),
            "accountEnabled": .bool(true), "jobTitle": .string("Manager"),
        ]))
        #expect(entries.map(\.action) == [.update, .update])
        #expect(entries[0].modifiedProperties == [ModifiedProperty(name: "jobTitle", oldValue: .string("Engineer"), newValue: .string("Manager"))])
        #expect(h.target("ann")?[property: "jobTitle"] == .string("Manager"))
    }

    @Test func unchangedSnapshotIsASkipWithNoModifiedProperties() throws {
        var h = try Self.shared()
        let entries = try h.change(.userUpserted(id: "ann", properties: h.state.sourceUsers[SourceUserKey(tenantId: "contoso", userId: "ann")]!.properties))
        #expect(entries.allSatisfy { $0.status == .skipped && $0.modifiedProperties.isEmpty })
    }

    @Test func outOfScopeSoftDeletesAndReturningRestores() throws {
        var h = try Self.shared()
        let id = try #require(h.target("ann")).id
        let removed = try h.change(.memberRemoved(MembershipChange(groupId: "g-sales", member: .user("ann"), role: .member)))
        #expect(removed.map(\.action) == [.delete, .delete])
        #expect(h.target("ann")?.isSoftDeleted == true)
        let back = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("ann"), role: .member)), advance: 29 * 86400)
        #expect(back.map(\.action) == [.restore, .restore])
        #expect(h.target("ann")?.isActive == true && h.target("ann")?.id == id)
    }

    @Test func returningAfterThirtyDaysCreatesAnew() throws {
        var h = try Self.shared()
        try h.removeMember("ann", from: "g-sales")
        let back = try h.change(.memberAdded(MembershipChange(groupId: "g-sales", member: .user("ann"), role: .member)), advance: 31 * 86400)
        #expect(back.map(\.action) == [.create, .create])
        #expect(h.isActive("ann"))
    }

    @Test func sourceDeleteSoftDeletesAndSourceRestoreRestores() throws {
        var h = try Self.shared()
        #expect(try h.change(.userDeleted(userId: "ann", hard: false)).map(\.action) == [.delete, .delete])
        // An upsert of a user deleted at the source updates the mirror but does not restore it.
        try h.upsert("ann", ["jobTitle": .string("Engineer")])
        #expect(h.target("ann")?.isSoftDeleted == true)
        #expect(try h.change(.userRestored(userId: "ann")).map(\.action) == [.restore, .restore])
    }

    @Test func accountEnabledFalseUpdatesInsteadOfDeleting() throws {
        var h = try Self.shared()
        try h.upsert("ann", ["jobTitle": .string("Engineer"), "accountEnabled": .bool(false)])
        let ann = try #require(h.target("ann"))
        #expect(ann.isActive)
        #expect(ann[property: "accountEnabled"] == .bool(false))
        #expect(h.log.suffix(2).map(\.action) == [.disable, .disable])
    }

    @Test func guestStaysGuest() throws {
        var h = try Harness.organization()
        h.state.load(TargetUser(
            id: "guest-1", targetTenant: "fabrikam", anchor: SourceAnchor(identityProvider: "contoso", key: "bob"),
            properties: ["userType": .string("Guest"), "displayName": .string("Bob (guest)")]))
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        try h.upsert("bob")
        try h.addMember("bob", to: "g-sales")
        let bob = try #require(h.target("bob"))
        #expect(bob.id == "guest-1")
        #expect(bob[property: "userType"] == .string("Guest"))
        #expect(bob[property: "displayName"] == .string("User bob"))
    }

    @Test func preExistingGuestOutsideScopeIsLeftAloneAndIsManagedOnceMatchedInScope() throws {
        var h = try Harness.organization()
        h.state.load(TargetUser(
            id: "guest-1", targetTenant: "fabrikam", anchor: SourceAnchor(identityProvider: "contoso", key: "bob"),
            properties: ["userType": .string("Guest"), "displayName": .string("Bob (guest)")], isManaged: false))
        // Never in scope: neither the share nor the source user's snapshot nor its deletion may soft-delete it.
        let shared = try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-sales"]))
        #expect(!shared.contains { $0.action == .delete })
        try h.upsert("bob")
        #expect(h.target("bob")?.isSoftDeleted == false)
        // Matched in scope, TenantSync manages it: leaving scope now soft-deletes it.
        try h.addMember("bob", to: "g-sales")
        #expect(h.target("bob")?.isManaged == true)
        try h.removeMember("bob", from: "g-sales")
        #expect(h.target("bob")?.isSoftDeleted == true)
    }

    @Test func guestBecomesMemberWhenUserTypeIsMappedAlways() throws {
        var h = try Harness.organization()
        h.state.load(TargetUser(
            id: "guest-1", targetTenant: "fabrikam", anchor: SourceAnchor(identityProvider: "contoso", key: "bob"),
            properties: ["userType": .string("Guest")]))
        try h.admin(.configUpsert(Configuration(
            id: "hand", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g-sales"]),
            mappings: [AttributeMapping(target: "userType", source: .constant(.string("Member")), apply: .always)])))
        try h.upsert("bob")
        try h.addMember("bob", to: "g-sales")
        #expect(h.target("bob")?[property: "userType"] == .string("Member"))
    }

    @Test func mappingsConstantNoneOnCreateAndDefaultIfNull() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(
            id: "hand", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil),
            mappings: [
                AttributeMapping(target: "companyName", source: .constant(.string("Contoso"))),
                AttributeMapping(target: "jobTitle", source: .none),
                AttributeMapping(target: "department", source: .direct("department"), apply: .onCreate, defaultValue: .string("General")),
            ])))
        try h.upsert("ann", ["jobTitle": .string("Engineer")])
        var ann = try #require(h.target("ann"))
        #expect(ann[property: "companyName"] == .string("Contoso"))
        #expect(ann[property: "jobTitle"] == .null)
        #expect(ann[property: "department"] == .string("General"))
        try h.upsert("ann", ["department": .string("R&D")])
        ann = try #require(h.target("ann"))
        #expect(ann[property: "department"] == .string("General"))
    }

    @Test func removingOneOfTwoConfigurationsThatBothKeepAUserLeavesTheUser() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(id: "a", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g-a"]))))
        try h.admin(.configUpsert(Configuration(id: "b", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g-b"]))))
        try h.upsert("ann")
        try h.upsert("only-a")
        try h.addMember("ann", to: "g-a")
        try h.addMember("ann", to: "g-b")
        try h.addMember("only-a", to: "g-a")
        let entries = try h.admin(.configDelete(sourceTenant: "contoso", configurationId: "a"))
        #expect(h.isActive("ann"))
        #expect(h.target("only-a")?.isSoftDeleted == true)
        #expect(entries.map(\.sourceId) == ["only-a"])
        #expect(entries.first?.action == .delete && entries.first?.configurationId == "a")
    }

    @Test func editingSharedGroupsMovesTheRightUsers() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g-old"]))
        for user in ["stay", "leave", "join"] { try h.upsert(user) }
        try h.addMember("stay", to: "g-old")
        try h.addMember("stay", to: "g-new")
        try h.addMember("leave", to: "g-old")
        try h.addMember("join", to: "g-new")
        #expect(!h.isActive("join"))
        let entries = try h.admin(.shareEdit(sourceTenant: "contoso", groups: ["g-new"]))
        #expect(h.isActive("stay") && h.isActive("join") && !h.isActive("leave"))
        #expect(h.target("leave")?.isSoftDeleted == true)
        let byUser = Dictionary(grouping: entries, by: \.sourceId).mapValues { Set($0.map(\.action)) }
        #expect(byUser == ["join": [.create], "leave": [.delete]])
    }

    @Test func logEntriesHaveTheFourStepsAndDeterministicIds() throws {
        let h = try Self.shared()
        let entry = try #require(h.log.last)
        #expect(entry.steps.map(\.name) == ["import", "scoping", "matching", "action"])
        #expect(entry.changeId == "contoso:2")
        #expect(entry.id == ProvisioningLogEntry.makeID(partition: 0, offset: h.offset, sourceTenant: "contoso", configurationId: entry.configurationId,
                                                             targetTenant: entry.targetTenant, sourceId: "ann"))
        #expect(Set(h.log.map(\.id)).count == h.log.count)
    }
}
