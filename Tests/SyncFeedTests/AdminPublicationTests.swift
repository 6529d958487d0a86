import Foundation
import Kafka
import SyncCore
import SyncFeed
import Testing
import TestSupport

@Suite struct AdminPublicationTests {
    static let configuration = #"""
    {"id": "eng-to-fabrikam", "sourceTenant": "contoso", "targetTenant": "fabrikam",
     "scope": {"groups": ["g-eng"], "filters": [[{"attribute": "department", "operator": "EQUALS", "value": "R&D"}]]},
     "mappings": [{"target": "companyName", "type": "expression", "expression": "Join(\" \", [givenName], [surname])"}],
     "deletionThreshold": 500}
    """#

    @Test func addingATenantGoesUnderEveryMembersKeyAndTheNewTenantsWithTheFullMembership() throws {
        let contoso = Tenant(id: "contoso", defaultDomain: "contoso.com")
        let fabrikam = Tenant(id: "fabrikam", defaultDomain: "fabrikam.com")
        let publication = AdminPublication.addTenant(fabrikam, organization: "default", members: [contoso])
        #expect(publication.keys == ["contoso", "fabrikam"])
        #expect(publication.action == .orgAddTenant(organizationId: "default", tenant: fabrikam, tenants: [contoso, fabrikam]))
        var recorder = KeyedRecordingPublisher()
        #expect(try publication.publish(occurredAt: Date(timeIntervalSince1970: 1_800_000_000), to: &recorder) == 2)
        #expect(recorder.flushes == 1)
        for record in recorder.records {
            let event = try ChangeCodec.decode(record.value)
            #expect(event.tenantId == record.key)
            #expect(event.seq == nil)
            #expect(event.kind == .admin(publication.action))
        }
    }

    @Test func removingATenantGoesUnderEveryMemberAndTheLeavingTenantOnce() {
        let publication = AdminPublication.removeTenant("litware", organization: nil, members: ["contoso", "litware", "contoso"])
        #expect(publication.keys == ["contoso", "litware"])
        #expect(publication.action == .orgRemoveTenant(organizationId: nil, tenantId: "litware"))
    }

    @Test func aValidConfigurationBecomesAConfigUpsertKeyedByItsSourceTenant() throws {
        let publication = try AdminPublication.configUpsert(json: Array(Self.configuration.utf8))
        #expect(publication.keys == ["contoso"])
        guard case .configUpsert(let configuration) = publication.action else {
            Issue.record("expected config.upsert, got \(publication.action.name)")
            return
        }
        #expect(configuration.id == "eng-to-fabrikam" && configuration.targetTenant == "fabrikam")
        let wrapped = #"{"action": "config.upsert", "configuration": \#(Self.configuration)}"#
        #expect(try AdminPublication.configUpsert(json: Array(wrapped.utf8)) == publication)
    }

    @Test(arguments: [
        ("bad filter", #""operator": "EQUALS""#, #""operator": "SOUNDS_LIKE""#, "configuration.scope.filters[0][0]"),
        ("bad expression", #"[surname])""#, #"[surname]""#, "configuration.mappings[0].expression"),
        ("missing field", #""targetTenant": "fabrikam","#, "", "configuration.targetTenant: missing"),
        ("not JSON", #"{"id""#, #"{"id"#, "not JSON"),
    ])
    func anInvalidConfigurationIsRejectedNamingTheField(_ kind: String, _ find: String, _ replace: String, _ named: String) {
        let text = Self.configuration.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.configuration, "\(kind): fixture edit did not apply")
        let error = #expect(throws: ChangeDecodingError.self) { try AdminPublication.configUpsert(json: Array(text.utf8)) }
        #expect(error?.reason.contains(named) == true, "\(kind): \(error?.reason ?? "")")
    }

    @Test func anAdminActionPublishedToTheTopicComesBackAsThatActionUnderItsKey() async throws {
        let topic = TopicCatalog.directoryChanges.name
        let publication = AdminPublication(action: .shareUsers(sourceTenant: "contoso", groups: ["g-eng", "g-ops"]))
        try await withFeedCluster(.mock, topics: [(topic, 2)]) { bootstrap in
            var publisher = try KafkaChangePublisher(bootstrap: bootstrap, logger: feedTestLogger)
            try publication.publish(occurredAt: Date(), to: &publisher)
            let records = try readTopic(bootstrap, topic, count: 1)
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(record.key.map { String(decoding: $0, as: UTF8.self) } == "contoso")
            let event = try ChangeCodec.decode(Array(try #require(record.value)))
            #expect(event.kind == .admin(.shareUsers(sourceTenant: "contoso", groups: ["g-eng", "g-ops"])))
            #expect(event.seq == nil)
        }
    }
}
