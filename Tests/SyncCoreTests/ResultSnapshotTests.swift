import FastJSON
import Foundation
import Testing
@testable import SyncCore

@Suite("Result snapshot")
struct ResultSnapshotTests {
    @Test func targetsListEverySyncedPropertySortedByUPNWithTheAnchor() throws {
        var h = try DecisionRuleTests.shared()
        try h.upsert("zed")
        try h.addMember("zed", to: "g-sales")
        try h.upsert("abe")
        try h.addMember("abe", to: "g-sales")
        let targets = ResultSnapshot.targets(h.state.targetUsers.values)
        let users = try #require(targets["fabrikam"]?["users"]?.array)
        #expect(users.compactMap { $0["userPrincipalName"]?.string } == [
            "abe_contoso.com#EXT#@fabrikam.com", "ann_contoso.com#EXT#@fabrikam.com", "zed_contoso.com#EXT#@fabrikam.com",
        ])
        let ann = users[1]
        for name in SyncedProperties.defaults { #expect(ann[name] != nil, "\(name) missing") }
        #expect(ann["city"] == .null)
        #expect(ann["isSoftDeleted"] == .bool(false))
        #expect(ann["alternativeSecurityIds"]?[0]?["key"] == .string("ann"))
        #expect(try ResultSnapshot.decodeUser(ann, targetTenant: "fabrikam", isManaged: true) == h.target("ann"))
    }

    @Test func configurationsShowQuarantine() throws {
        var h = try ThresholdRuleTests.setUp()
        for i in 1...3 { try h.removeMember("u\(i)", from: "g") }
        let rows = try #require(ResultSnapshot.configurations(h.state.tenants.values).array)
        #expect(rows.map { $0["state"]?.string } == ["quarantined"])
        #expect(rows.first?["id"] == .string("c"))
    }
}
