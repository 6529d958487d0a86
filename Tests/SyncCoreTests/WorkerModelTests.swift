import Foundation
import Support
import Testing
@testable import SyncCore

/// A store as the worker sees it: encoded rows, loaded per batch by `LoadRequest`, written back from `StateChanges`.
struct FakeStore {
    var tenants: [String: [UInt8]] = [:]
    var sourceUsers: [SourceUserKey: [UInt8]] = [:]
    var groups: [GroupKey: [UInt8]] = [:]
    var memberships: [Membership: [UInt8]] = [:]
    var targetUsers: [TargetUserKey: [UInt8]] = [:]

    /// Loads exactly what the request names, as the stores are asked to.
    func load(_ request: LoadRequest) throws -> DirectoryState {
        var state = DirectoryState()
        for t in request.tenantStates { if let row = tenants[t] { state.load(try StateRecordCodec.decodeTenantState(row)) } }
        for (key, row) in sourceUsers where request.wholeTenants.contains(key.tenantId) || request.sourceUsers.contains(key) {
            state.load(try StateRecordCodec.decodeSourceUser(row))
        }
        for (key, row) in groups where request.wholeTenants.contains(key.tenantId) || request.groups.contains(key) {
            state.load(try StateRecordCodec.decodeGroup(row))
        }
        let userGroups = Set(memberships.keys.compactMap { m -> GroupKey? in
            guard case .user(let u) = m.member, request.sourceUsers.contains(SourceUserKey(tenantId: m.tenantId, userId: u)) else { return nil }
            return GroupKey(tenantId: m.tenantId, groupId: m.groupId)
        })
        for (m, row) in memberships {
            let whole = request.wholeTenants.contains(m.tenantId)
            let ofUser: Bool = if case .user(let u) = m.member { request.sourceUsers.contains(SourceUserKey(tenantId: m.tenantId, userId: u)) } else { false }
            let ofUserGroup: Bool = if case .group(let g) = m.member {
                userGroups.contains(GroupKey(tenantId: m.tenantId, groupId: g)) || request.groups.contains(GroupKey(tenantId: m.tenantId, groupId: g))
            } else { false }
            if whole || ofUser || ofUserGroup { state.load(try StateRecordCodec.decodeMembership(row)) }
        }
        for (key, row) in targetUsers where request.wholeTenants.contains(key.sourceTenant) || request.sourceUsers.contains(key.source) {
            state.load(try StateRecordCodec.decodeTargetUser(row))
        }
        return state
    }

    /// Writes the rows a batch changed.
    mutating func write(_ changes: StateChanges, from state: DirectoryState) {
        for t in changes.tenants { tenants[t] = state.tenants[t].map(StateRecordCodec.encode) }
        for (key, change) in changes.sourceUsers { sourceUsers[key] = change == .deleted ? nil : state.sourceUsers[key].map(StateRecordCodec.encode) }
        for (key, change) in changes.groups { groups[key] = change == .deleted ? nil : state.groups[key].map(StateRecordCodec.encode) }
        for (m, change) in changes.memberships { memberships[m] = change == .deleted ? nil : StateRecordCodec.encode(m) }
        for key in changes.targetUsers { targetUsers[key] = state.targetUsers[key].map(StateRecordCodec.encode) }
    }

    /// Everything in the store as one state.
    func all() throws -> DirectoryState {
        var request = LoadRequest()
        request.tenantStates = Set(tenants.keys)
        request.wholeTenants = Set(tenants.keys).union(sourceUsers.keys.map(\.tenantId)).union(targetUsers.keys.map(\.sourceTenant))
            .union(memberships.keys.map(\.tenantId)).union(groups.keys.map(\.tenantId))
        return try load(request)
    }
}

@Suite("Worker model")
struct WorkerModelTests {
    /// A worker that loads per batch from a store gives the same rows and the same log as the reference model.
    @Test func batchesOverAStoreEqualTheReferenceModel() throws {
        for seed in UInt64(20_000)..<20_120 {
            var generator = ScenarioGenerator(seed: seed)
            let changes = generator.withDuplicates(generator.sequence(length: 50))
            let records = changes.enumerated().map { ChangeRecord(change: $1, partition: 3, offset: Int64($0), processedAt: $1.occurredAt) }

            var reference = DirectoryState()
            let referenceOutcomes = Engine.apply(records, to: &reference)

            var store = FakeStore()
            var outcomes: [RecordOutcome] = []
            var start = 0
            var random = SeededRandom(propertySeed: seed)
            while start < records.count {
                let end = min(records.count, start + Int.random(in: 1...8, using: &random))
                let batch = Array(records[start..<end])
                var state = try store.load(Engine.requirements(for: batch.map(\.change)))
                outcomes += Engine.apply(batch, to: &state)
                store.write(state.takeChanges(), from: state)
                start = end
            }
            let firstDifference = zip(outcomes, referenceOutcomes).enumerated().first { $1.0 != $1.1 }
            #expect(firstDifference == nil, "seed \(seed): record \(firstDifference?.offset ?? -1): \(String(describing: firstDifference?.element.0)) vs \(String(describing: firstDifference?.element.1))")
            #expect(PropertyTests.sameRows(try store.all(), reference), "seed \(seed)")
            if outcomes != referenceOutcomes { break }
        }
    }

    /// `changes` lists every row that differs after a record, and only rows that do (deletes of absent rows aside).
    @Test func changeTrackingListsExactlyTheRowsThatDiffer() {
        for seed in UInt64(30_000)..<30_150 {
            var generator = ScenarioGenerator(seed: seed)
            var state = DirectoryState()
            for (offset, change) in generator.sequence(length: 40).enumerated() {
                let before = state
                _ = try? Engine.apply(ChangeRecord(change: change, partition: 0, offset: Int64(offset), processedAt: change.occurredAt), to: &state)
                let c = state.takeChanges()
                for key in Set(before.tenants.keys).union(state.tenants.keys) where before.tenants[key] != state.tenants[key] {
                    #expect(c.tenants.contains(key), "seed \(seed): tenant \(key)")
                }
                for key in Set(before.sourceUsers.keys).union(state.sourceUsers.keys) where before.sourceUsers[key] != state.sourceUsers[key] {
                    #expect(c.sourceUsers[key] == (state.sourceUsers[key] == nil ? .deleted : .upserted), "seed \(seed): \(key)")
                }
                for key in Set(before.targetUsers.keys).union(state.targetUsers.keys) where before.targetUsers[key] != state.targetUsers[key] {
                    #expect(c.targetUsers.contains(key), "seed \(seed): \(key)")
                }
                let (was, now) = (Set(before.memberships), Set(state.memberships))
                for m in now.subtracting(was) { #expect(c.memberships[m] == .upserted, "seed \(seed): \(m)") }
                for m in was.subtracting(now) { #expect(c.memberships[m] == .deleted, "seed \(seed): \(m)") }
                for key in c.targetUsers { #expect(before.targetUsers[key] != state.targetUsers[key], "seed \(seed): unchanged \(key) listed") }
                for key in c.tenants { #expect(before.tenants[key] != state.tenants[key], "seed \(seed): unchanged tenant \(key) listed") }
                for (key, change) in c.sourceUsers where change == .upserted { #expect(before.sourceUsers[key] != state.sourceUsers[key]) }
            }
        }
    }
}
