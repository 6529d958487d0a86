import FastJSON
import Foundation
import Testing
@testable import SyncCore

@Suite("Codec")
struct CodecTests {
    static func decode(_ text: String) throws(ChangeDecodingError) -> ChangeEvent { try ChangeCodec.decode(Array(text.utf8)) }

    @Test func decodesTheContractExample() throws {
        let change = try Self.decode(#"""
            {"schema": "tenantsync.change.v1", "tenantId": "contoso", "seq": 41, "occurredAt": "2026-12-03T16:00:00.000Z",
             "type": "user.upserted", "extra": [1, 2],
             "user": {"id": "u-ann", "userPrincipalName": "ann@contoso.com", "displayName": "Ann Lee", "userType": "Member",
                      "accountEnabled": true, "jobTitle": null, "employeeNumber": 7, "otherMails": ["a@b.c"]}}
            """#)
        #expect(change.tenantId == "contoso" && change.seq == 41)
        #expect(Timestamp.format(change.occurredAt) == "2026-12-03T16:00:00.000Z")
        guard case .userUpserted(let id, let properties) = change.kind else { Issue.record("wrong kind"); return }
        #expect(id == "u-ann")
        // Unknown scalar properties are kept; nulls and multi-valued properties are not.
        #expect(properties["employeeNumber"] == .number(7))
        #expect(properties["jobTitle"] == nil && properties["otherMails"] == nil)
        #expect(properties["accountEnabled"] == .bool(true))
    }

    @Test(arguments: [
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"user.upserted","user":{"displayName":"x"}}"#, "user.id: missing", ChangeDecodingError.Code.invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":"1","occurredAt":"2026-12-03T16:00:00Z","type":"user.deleted","userId":"u"}"#, "seq: expected an integer", .invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"user.renamed"}"#, "type: unknown 'user.renamed'", .unknownType),
        (#"{"schema":"tenantsync.change.v2","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"user.deleted","userId":"u"}"#, "schema: expected tenantsync.change.v1", .unknownSchema),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"yesterday","type":"user.deleted","userId":"u"}"#, "occurredAt: expected an RFC 3339 time, got 'yesterday'", .invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"group.member.added","groupId":"g","userId":"u","role":"boss"}"#, "role: expected member or owner, got 'boss'", .invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"share.everything"}}"#, "action.action: unknown 'share.everything'", .unknownType),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"share.users","sourceTenant":"c"}}"#, "action.groups: missing", .invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"provision.user","sourceTenant":"c"}}"#, "action.userId: missing", .invalidField),
        (#"{"schema":"tenantsync.change.v1","tenantId":"c","occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"provision.user","sourceTenant":"c","userId":"u","targetTenant":""}}"#, "action.targetTenant: empty (omit it to provision to every target)", .invalidField),
    ])
    func invalidChangesAreRejectedNamingTheField(text: String, reason: String, code: ChangeDecodingError.Code) {
        #expect(throws: ChangeDecodingError(code, reason)) { try Self.decode(text) }
    }

    @Test func bytesThatAreNotJSONAreUndecodable() {
        #expect(performing: { try Self.decode("{\"schema\": ") }, throws: { ($0 as? ChangeDecodingError)?.code == .undecodable })
        #expect(performing: { try Self.decode("[1]") }, throws: { ($0 as? ChangeDecodingError)?.code == .undecodable })
    }

    @Test func invalidFilterOrExpressionIsRejectedNamingTheClause() {
        let badFilter = #"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"config.upsert","configuration":{"id":"x","sourceTenant":"c","targetTenant":"f","scope":{"filters":[[{"attribute":"department","operator":"SOUNDS LIKE","value":"x"}]]}}}}"#
        #expect(performing: { try Self.decode(badFilter) }, throws: {
            ($0 as? ChangeDecodingError)?.reason.hasPrefix("action.configuration.scope.filters[0][0]: ") == true
        })
        let badExpression = #"{"schema":"tenantsync.change.v1","tenantId":"c","seq":1,"occurredAt":"2026-12-03T16:00:00Z","type":"admin","action":{"action":"config.upsert","configuration":{"id":"x","sourceTenant":"c","targetTenant":"f","mappings":[{"target":"displayName","type":"expression","expression":"Join(\" \", [givenName]"}]}}}"#
        #expect(performing: { try Self.decode(badExpression) }, throws: {
            ($0 as? ChangeDecodingError)?.reason.hasPrefix("action.configuration.mappings[0].expression: column ") == true
        })
    }

    @Test func scenarioStepsMayOmitSchemaAndOccurredAt() throws {
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        let change = try ChangeCodec.decode(
            Array(#"{"tenantId":"contoso","seq":2,"type":"group.member.added","groupId":"g-sales","userId":"u-ann","role":"member"}"#.utf8),
            defaults: .init(occurredAt: at))
        #expect(change.occurredAt == at)
        #expect(change.kind == .memberAdded(MembershipChange(groupId: "g-sales", member: .user("u-ann"), role: .member)))
    }

    @Test func everyChangeKindRoundTrips() throws {
        let at = Date(timeIntervalSince1970: 1_796_000_000.123)
        let filters = try AttributeFilters([[FilterClause(attribute: "department", operatorName: "EQUALS", value: "R&D")]])
        let kinds: [ChangeKind] = [
            .userUpserted(id: "u", properties: ["displayName": .string("Ann"), "accountEnabled": .bool(true), "n": .number(1.5)]),
            .userDeleted(userId: "u", hard: true), .userRestored(userId: "u"),
            .groupUpserted(id: "g", displayName: "Sales", securityEnabled: false), .groupDeleted(groupId: "g"),
            .memberAdded(MembershipChange(groupId: "g", member: .group("inner"), role: .member)),
            .memberRemoved(MembershipChange(groupId: "g", member: .user("u"), role: .owner)),
            .admin(.orgCreate(organizationId: "o", tenants: Harness.tenants)),
            .admin(.orgAddTenant(organizationId: nil, tenant: Harness.tenants[0], tenants: Harness.tenants)),
            .admin(.orgRemoveTenant(organizationId: "o", tenantId: "fabrikam")),
            .admin(.shareUsers(sourceTenant: "contoso", groups: ["a", "b"])), .admin(.shareCurrentScope(sourceTenant: "contoso")),
            .admin(.shareEdit(sourceTenant: "contoso", groups: [])),
            .admin(.configUpsert(Configuration(
                id: "c", sourceTenant: "contoso", targetTenant: "fabrikam", scope: ConfigurationScope(groups: ["g"], filters: filters),
                mappings: [
                    AttributeMapping(target: "companyName", source: .constant(.string("Contoso")), apply: .always),
                    AttributeMapping(target: "displayName", source: .expression(try MappingExpression("ToUpper([displayName])")), apply: .onCreate, defaultValue: .string("?")),
                    AttributeMapping(target: "jobTitle", source: .none), AttributeMapping(target: "city", source: .direct("state")),
                ], deletionThreshold: 7))),
            .admin(.configDelete(sourceTenant: "contoso", configurationId: "c")),
            .admin(.configAllowDeletes(sourceTenant: "contoso", configurationId: "c")),
            .admin(.provisionUser(sourceTenant: "contoso", userId: "u", targetTenant: nil)),
            .admin(.provisionUser(sourceTenant: "contoso", userId: "u", targetTenant: "fabrikam")),
        ]
        for kind in kinds {
            let change = ChangeEvent(tenantId: "contoso", seq: 9, occurredAt: at, kind: kind)
            let decoded = try ChangeCodec.decode(ChangeCodec.encode(change))
            #expect(decoded.kind == change.kind)
            #expect(abs(decoded.occurredAt.timeIntervalSince(at)) < 0.001)
        }
    }

    @Test func logEntriesEncodeEveryContractFieldAndReadBack() throws {
        var h = try DecisionRuleTests.shared()
        try h.removeMember("ann", from: "g-sales")
        for entry in h.log {
            let bytes = LogEntryCodec.encode(entry)
            let json = try JSONValue(parsing: bytes)
            let keys = json.object?.keys ?? []
            #expect(keys == ["schema", "id", "time", "durationMs", "changeId", "configurationId", "sourceTenant", "targetTenant",
                             "action", "status", "sourceIdentity", "targetIdentity", "modifiedProperties", "steps", "error"])
            #expect(json["steps"]?.array?.compactMap { $0["name"]?.string } == ["import", "scoping", "matching", "action"])
            var expected = entry
            expected.time = Timestamp.parse(Timestamp.format(entry.time))!
            #expect(try LogEntryCodec.decode(bytes) == expected)
        }
    }

    @Test func stateRecordsRoundTripSoAStoredStateDecidesTheSame() throws {
        for seed in UInt64(500)..<560 {
            var generator = ScenarioGenerator(seed: seed)
            let state = PropertyTests.run(generator.sequence(length: 60))
            var copy = DirectoryState()
            for t in state.tenants.values { copy.load(try StateRecordCodec.decodeTenantState(StateRecordCodec.encode(t))) }
            for u in state.sourceUsers.values { copy.load(try StateRecordCodec.decodeSourceUser(StateRecordCodec.encode(u))) }
            for g in state.groups.values { copy.load(try StateRecordCodec.decodeGroup(StateRecordCodec.encode(g))) }
            for m in state.memberships { copy.load(try StateRecordCodec.decodeMembership(StateRecordCodec.encode(m))) }
            for u in state.targetUsers.values { copy.load(try StateRecordCodec.decodeTargetUser(StateRecordCodec.encode(u))) }
            #expect(PropertyTests.sameRows(state, copy), "seed \(seed)")
        }
    }

    @Test func timestampsParseOffsetsAndFormatInUTC() {
        #expect(Timestamp.parse("2026-12-03T17:00:00.5+01:00").map(Timestamp.format) == "2026-12-03T16:00:00.500Z")
        #expect(Timestamp.parse("1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
        #expect(Timestamp.parse("2026-13-03T16:00:00Z") == nil)
        #expect(Timestamp.parse("2026-12-03T16:00:00") == nil)
    }
}
