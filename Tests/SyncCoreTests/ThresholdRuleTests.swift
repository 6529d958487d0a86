import Foundation
import Testing
@testable import SyncCore

@Suite("Deletion threshold")
struct ThresholdRuleTests {
    /// Five users synced by a configuration allowing two deletes per window.
    static func setUp() throws -> Harness {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(
            id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g"]), deletionThreshold: 2)))
        for i in 1...5 {
            try h.upsert("u\(i)")
            try h.addMember("u\(i)", to: "g")
        }
        return h
    }

    @Test func thresholdQuarantinesStagesAndReleasesOnAllow() throws {
        var h = try Self.setUp()
        for i in 1...4 { try h.removeMember("u\(i)", from: "g") }
        #expect(h.log.suffix(4).map(\.action) == [.delete, .delete, .stagedDelete, .stagedDelete])
        #expect(h.state.tenants["contoso"]?.threshold("c").isQuarantined == true)
        #expect(h.isActive("u3") && h.isActive("u4"))
        #expect(h.log.last?.error?.code == "DeletionThresholdExceeded")
        // Creates and updates continue while quarantined.
        try h.upsert("u6")
        try h.addMember("u6", to: "g")
        #expect(h.isActive("u6"))
        let released = try h.admin(.configAllowDeletes(sourceTenant: "contoso", configurationId: "c"))
        #expect(released.map(\.action) == [.delete, .delete])
        #expect(!h.isActive("u3") && !h.isActive("u4"))
        #expect(h.state.tenants["contoso"]?.threshold("c") == DeletionThreshold())
    }

    @Test func heldDeleteOfAUserBackInScopeIsNotAppliedOnRelease() throws {
        var h = try Self.setUp()
        for i in 1...3 { try h.removeMember("u\(i)", from: "g") }
        try h.addMember("u3", to: "g")
        let released = try h.admin(.configAllowDeletes(sourceTenant: "contoso", configurationId: "c"))
        #expect(released.isEmpty)
        #expect(h.isActive("u3"))
    }

    @Test func disablesCountTowardTheThreshold() throws {
        var h = try Self.setUp()
        for i in 1...3 { try h.upsert("u\(i)", ["accountEnabled": .bool(false)]) }
        #expect(h.log.suffix(3).map(\.action) == [.disable, .disable, .stagedDelete])
        #expect(h.target("u3")?[property: "accountEnabled"] == .bool(true))
    }

    @Test func windowSlidesByOccurredAt() throws {
        var h = try Self.setUp()
        try h.removeMember("u1", from: "g")
        try h.removeMember("u2", from: "g")
        try h.change(.memberRemoved(MembershipChange(groupId: "g", member: .user("u3"), role: .member)), advance: 41 * 60)
        #expect(h.log.last?.action == .delete)
        #expect(h.state.tenants["contoso"]?.threshold("c").isQuarantined == false)
    }

    @Test func reEvaluationRespectsTheThreshold() throws {
        var h = try Self.setUp()
        let entries = try h.admin(.configUpsert(Configuration(
            id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["other"]), deletionThreshold: 2)))
        #expect(entries.filter { $0.action == .delete }.count == 2)
        #expect(entries.filter { $0.action == .stagedDelete }.count == 3)
    }

    @Test func aDisableHeldByOneConfigurationIsNotAppliedByAnotherOfThePair() throws {
        var h = try Harness.organization()
        try h.admin(.configUpsert(Configuration(id: "a", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil), deletionThreshold: 1)))
        try h.admin(.configUpsert(Configuration(id: "b", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: nil))))
        try h.upsert("u1")
        try h.upsert("u2")
        try h.upsert("u1", ["accountEnabled": .bool(false)])
        try h.upsert("u2", ["accountEnabled": .bool(false)])
        #expect(h.target("u1")?[property: "accountEnabled"] == .bool(false))
        #expect(h.target("u2")?[property: "accountEnabled"] == .bool(true))
        #expect(h.log.suffix(2).map(\.configurationId) == ["a", "b"])
        #expect(h.log.suffix(2).map(\.status) == [.skipped, .skipped])
    }
}
