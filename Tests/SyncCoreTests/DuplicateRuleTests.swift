import Foundation
import Testing
@testable import SyncCore

@Suite("Duplicates and replays")
struct DuplicateRuleTests {
    @Test func duplicateAndReplayedChangesChangeNothing() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        try h.upsert("ann")
        try h.addMember("ann", to: "g")
        _ = h.state.takeChanges()
        let before = h.state.targetUsers
        // The same change published again (a new offset) and an older one arriving late.
        let again = try h.change(.memberAdded(MembershipChange(groupId: "g", member: .user("ann"), role: .member)), seq: 2)
        let late = try h.change(.memberRemoved(MembershipChange(groupId: "g", member: .user("ann"), role: .member)), seq: 1)
        #expect(h.state.targetUsers == before)
        #expect(h.state.takeChanges().isEmpty)
        for entries in [again, late] {
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.status == .skipped && $0.error?.code == "DuplicateChange" && $0.modifiedProperties.isEmpty })
        }
        #expect(again[0].changeId == "contoso:2")
    }

    @Test func changesListExactlyTheRowsABatchWrote() throws {
        var h = try Harness.organization()
        try h.admin(.shareUsers(sourceTenant: "contoso", groups: ["g"]))
        _ = h.state.takeChanges()
        try h.upsert("ann")
        try h.addMember("ann", to: "g")
        let changes = h.state.takeChanges()
        #expect(changes.sourceUsers == [SourceUserKey(tenantId: "contoso", userId: "ann"): .upserted])
        #expect(changes.memberships.count == 1)
        #expect(changes.targetUsers.map(\.targetTenant).sorted() == ["fabrikam", "northwind"])
        #expect(changes.tenants == ["contoso"])
        #expect(changes.groups.isEmpty)
    }

    @Test func requirementsNameWhatABatchTouches() {
        let at = Date(timeIntervalSince1970: 0)
        let request = Engine.requirements(for: [
            ChangeEvent(tenantId: "contoso", seq: 1, occurredAt: at, kind: .userUpserted(id: "ann", properties: [:])),
            ChangeEvent(tenantId: "contoso", seq: 2, occurredAt: at, kind: .memberAdded(MembershipChange(groupId: "g", member: .user("bob"), role: .member))),
            ChangeEvent(tenantId: "fabrikam", seq: 1, occurredAt: at, kind: .groupDeleted(groupId: "g")),
        ])
        #expect(request.tenantStates == ["contoso", "fabrikam"])
        #expect(request.wholeTenants == ["fabrikam"])
        #expect(request.sourceUsers == [SourceUserKey(tenantId: "contoso", userId: "ann"), SourceUserKey(tenantId: "contoso", userId: "bob")])
        #expect(request.groups == [GroupKey(tenantId: "contoso", groupId: "g")])
    }
}

@Suite("Deterministic ids")
struct DeterministicIDTests {
    @Test func targetUserIdsAreStableGUIDsThatDependOnEveryPart() {
        let id = TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "u-ann")
        #expect(id == TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "u-ann"))
        #expect(id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit })
        let others = [
            TargetUser.deterministicID(targetTenant: "northwind", sourceTenant: "contoso", sourceUserId: "u-ann"),
            TargetUser.deterministicID(targetTenant: "fabrikam", sourceTenant: "contoso", sourceUserId: "u-bob"),
            TargetUser.deterministicID(targetTenant: "fabrikamc", sourceTenant: "ontoso", sourceUserId: "u-ann"),
        ]
        #expect(!others.contains(id) && Set(others).count == 3)
    }
}
