import Foundation
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

@Suite("Loading through the store")
struct StoreLoadingTests {
    /// The applier loads exactly what a `SyncCore.LoadRequest` names, no more and no less: decisions and log entry
    /// details depend on it (nested-only membership is explained from the parents of the user's groups).
    @Test func loadingGivesExactlyWhatTheCoreRequestNames() async throws {
        let feed = try PartitionedFeed(seed: 31, changes: 2_000, partitions: 1, malformedRate: 0)
        let reference = feed.reference
        #expect(reference.memberships.contains { if case .group = $0.member { true } else { false } })
        try await withTemporaryDirectory { dir in
            let applier = makeApplier(try openTestStore(dir))
            _ = try applier.apply(feed.records)
            // The source mirror matches the reference too.
            for tenant in reference.tenants.keys {
                let mirrored = try applier.store.sourceUsers(tenant: tenant).map { try StateRecordCodec.decodeSourceUser($0.body) }
                #expect(mirrored == reference.sourceUsers.values.filter { $0.tenantId == tenant }.sorted { $0.key < $1.key })
            }

            let users = reference.sourceUsers.keys.sorted()
            let groups = reference.groups.keys.sorted()
            var random = SplitMix(seed: 99)
            for round in 0..<60 {
                var request = SyncCore.LoadRequest()
                request.sourceUsers = Set((0..<Int.random(in: 0...6, using: &random)).map { _ in users.randomElement(using: &random)! })
                request.groups = Set((0..<Int.random(in: 0...3, using: &random)).map { _ in groups.randomElement(using: &random)! })
                request.tenantStates = Set(request.sourceUsers.map(\.tenantId))
                if round % 15 == 0 { request.wholeTenants = [users[round % users.count].tenantId] }
                let loaded = try applier.loadState(for: request)
                let expected = Self.exactly(request, from: reference)
                #expect(loaded.sourceUsers == expected.sourceUsers, "round \(round)")
                #expect(loaded.groups == expected.groups, "round \(round)")
                #expect(Set(loaded.memberships) == expected.memberships, "round \(round)")
                #expect(loaded.targetUsers == expected.targetUsers, "round \(round)")
                #expect(Set(loaded.tenants.keys) == request.tenantStates.union(request.wholeTenants), "round \(round)")
            }
        }
    }

    /// The rows a request names, read from a full in-memory state (the contract of `SyncCore.LoadRequest`).
    static func exactly(_ request: SyncCore.LoadRequest, from state: DirectoryState)
        -> (sourceUsers: [SourceUserKey: SourceUser], groups: [GroupKey: Group], memberships: Set<Membership>,
            targetUsers: [TargetUserKey: TargetUser]) {
        let whole = request.wholeTenants
        let userGroups = Set(state.memberships.compactMap { m -> GroupKey? in
            guard case .user(let u) = m.member, request.sourceUsers.contains(SourceUserKey(tenantId: m.tenantId, userId: u)) else { return nil }
            return GroupKey(tenantId: m.tenantId, groupId: m.groupId)
        }).union(request.groups)
        let memberships = Set(state.memberships.filter { m in
            if whole.contains(m.tenantId) { return true }
            switch m.member {
            case .user(let u): return request.sourceUsers.contains(SourceUserKey(tenantId: m.tenantId, userId: u))
            case .group(let g): return userGroups.contains(GroupKey(tenantId: m.tenantId, groupId: g))
            }
        })
        return (state.sourceUsers.filter { whole.contains($0.key.tenantId) || request.sourceUsers.contains($0.key) },
                state.groups.filter { whole.contains($0.key.tenantId) || request.groups.contains($0.key) },
                memberships,
                state.targetUsers.filter { whole.contains($0.key.sourceTenant) || request.sourceUsers.contains($0.key.source) })
    }
}
