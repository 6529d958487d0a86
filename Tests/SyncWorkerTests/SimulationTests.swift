import FastJSON
import Foundation
import Support
import SyncCore
import Testing
@testable import SyncWorker

@Suite("simulate", .serialized)
struct SimulationTests {
    /// The contract's example, plus changes from a second source tenant so several partitions carry records.
    static let scenario = #"""
        {"tenants": [{"id": "contoso", "defaultDomain": "contoso.com"}, {"id": "fabrikam", "defaultDomain": "fabrikam.com"}],
         "targets": {"fabrikam": {"users": [
           {"id": "guest-1", "userPrincipalName": "bob_contoso.com#EXT#@fabrikam.com", "userType": "Guest",
            "displayName": "Bob (guest)", "alternativeSecurityIds": [{"identityProvider": "contoso", "key": "u-bob"}]}]}},
         "steps": [
           {"admin": {"action": "share.users", "sourceTenant": "contoso", "groups": ["g-sales"]}},
           {"admin": {"action": "share.users", "sourceTenant": "fabrikam", "groups": ["g-ops"]}},
           {"change": {"tenantId": "contoso", "seq": 1, "type": "user.upserted", "user": {"id": "u-ann", "userPrincipalName": "ann@contoso.com", "displayName": "Ann Lee", "userType": "Member", "accountEnabled": true}}},
           {"change": {"tenantId": "fabrikam", "seq": 1, "type": "user.upserted", "user": {"id": "u-cy", "userPrincipalName": "cy@fabrikam.com", "displayName": "Cy Doe", "userType": "Member", "accountEnabled": true}}},
           {"change": {"tenantId": "contoso", "seq": 2, "type": "group.member.added", "groupId": "g-sales", "userId": "u-ann", "role": "member"}},
           {"change": {"tenantId": "fabrikam", "seq": 2, "type": "group.member.added", "groupId": "g-ops", "userId": "u-cy", "role": "member"}},
           {"change": {"tenantId": "contoso", "seq": 3, "type": "user.upserted", "user": {"id": "u-bob", "userPrincipalName": "bob@contoso.com", "displayName": "Bob Ray", "userType": "Member", "accountEnabled": true}}},
           {"change": {"tenantId": "contoso", "seq": 4, "type": "group.member.added", "groupId": "g-sales", "userId": "u-bob", "role": "member"}},
           {"change": {"tenantId": "contoso", "seq": 4, "type": "group.member.added", "groupId": "g-sales", "userId": "u-bob", "role": "member"}},
           {"admin": {"action": "org.addTenant", "tenant": {"id": "northwind", "defaultDomain": "northwind.com"}}},
           {"admin": {"action": "share.currentScope", "sourceTenant": "contoso"}},
           {"change": {"tenantId": "contoso", "seq": 5, "type": "user.upserted", "user": {"id": "u-ann", "userPrincipalName": "ann@contoso.com", "displayName": "Ann Lee-Ray", "userType": "Member", "accountEnabled": true}}}
         ]}
        """#

    /// One worker on one partition and three workers on six partitions print the same bytes, and the targets are
    /// those of the reference model run over the same records in publish order, log entries included.
    @Test func theResultIsTheSameForOneWorkerOnOnePartitionAndThreeWorkersOnSix() throws {
        let logger = Logger(label: "simulate", level: .error)
        let single = Simulation(workers: 1, partitions: 1).run(scenario: Array(Self.scenario.utf8), logger: logger)
        let fleet = Simulation(workers: 3, partitions: 6).run(scenario: Array(Self.scenario.utf8), logger: logger)
        #expect(single.status == 0 && fleet.status == 0, "\(single.error) \(fleet.error)")
        #expect(!single.output.isEmpty)
        #expect(single.output == fleet.output)

        let result = try JSONValue(parsing: Array(single.output.utf8))
        let scenario = try ScenarioCodec.decode(Array(Self.scenario.utf8))
        var state = DirectoryState()
        for user in scenario.targetUsers { state.load(user) }
        var entries: [JSONValue] = []
        for (offset, change) in scenario.records.enumerated() {
            let record = ChangeRecord(change: change, partition: 0, offset: Int64(offset), processedAt: change.occurredAt)
            if case .applied(let produced) = Engine.apply([record], to: &state)[0] {
                entries += try produced.map { try JSONValue(parsing: LogEntryCodec.encode($0)) }
            }
        }
        #expect(result["targets"] == ResultSnapshot.targets(state.targetUsers.values))
        #expect(!entries.isEmpty)
        #expect(result["log"] == .array(entries))
        #expect(result["configurations"] == ResultSnapshot.configurations(state.tenants.values))
        #expect(result["configurations"]?.array?.count == 3)
    }

    /// An invalid scenario exits 2 with a message naming the step and field, and prints no result.
    @Test func anInvalidScenarioExitsTwoNamingTheStepAndField() {
        let bad = Self.scenario.replacingOccurrences(of: #""user": {"id": "u-cy", "#, with: #""user": {"#)
        let outcome = Simulation().run(scenario: Array(bad.utf8), logger: Logger(label: "simulate", level: .error))
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("steps[3].change.user.id"))
        #expect(outcome.output.isEmpty)
    }
}
