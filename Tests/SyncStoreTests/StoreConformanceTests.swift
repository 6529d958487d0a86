import Foundation
import Support
@testable import SyncStore
import Testing
import TestSupport

/// One suite, both backends: every test runs on SQLite and on a real PostgreSQL server (one server for the suite,
/// a fresh database per test).
@Suite(.sharedPostgresServer) struct StoreConformanceTests {
    @Test(arguments: Backend.allCases)
    func appliedBatchIsReadBackByLoadAndTooling(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            let batch = Sample.batch(tenant: "A", partition: 0, expected: nil, next: 10, users: 0..<5)
            try store.apply(batch)

            let loaded = try store.load(LoadRequest(
                tenantStates: ["A", "missing"], sourceUsers: ["A": ["u1", "u3", "nobody"]], sourceGroups: ["A": ["g1"]],
                targetUsersByAnchor: ["A": ["u1"]]))
            #expect(loaded.tenantStates == ["A": Sample.state("A", seq: 10)])
            #expect(loaded.sourceUsers == [Sample.sourceUser("A", "u1"), Sample.sourceUser("A", "u3")])
            #expect(loaded.sourceGroups == [Sample.group("A", "g1")])
            // Memberships of group g1 (all five) plus those of the users (included in the five).
            #expect(loaded.memberships.count == 5)
            #expect(loaded.memberships.allSatisfy { $0.groupId == "g1" && $0.role == .member })
            #expect(loaded.targetUsers == [Sample.target("T", source: "A", "u1")])

            #expect(try store.targetUsers(tenant: "T") == (0..<5).map { Sample.target("T", source: "A", "u\($0)") })
            #expect(try store.targetUser(tenant: "T", sourceTenant: "A", sourceUserId: "u2") == Sample.target("T", source: "A", "u2"))
            #expect(try store.targetUser(tenant: "T", sourceTenant: "A", sourceUserId: "u9") == nil)
            #expect(try store.targetUser(tenant: "T", userPrincipalName: "u4@T.example") == Sample.target("T", source: "A", "u4"))
            #expect(try store.targetUser(tenant: "X", userPrincipalName: "u4@T.example") == nil)
            #expect(try store.tenantStates() == [Sample.state("A", seq: 10)])
            #expect(try store.sourceUsers(tenant: "A") == (0..<5).map { Sample.sourceUser("A", "u\($0)") })
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0, 1]) == [0: 10])
        }
    }

    @Test(arguments: Backend.allCases)
    func nullableAndBinaryColumnsRoundTrip(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            var deleted = Sample.target("T", source: "A", "u1", softDeletedAt: 1_764_000_000_123)
            deleted.body = (0...255).map { UInt8($0) } + [0, 0]  // every byte value, NULs included
            let empty = TargetUserRecord(targetTenant: "T", id: "", sourceTenant: "A", sourceUserId: "ü-ünïcode",
                                         userPrincipalName: "", body: [])
            try store.apply(StoreBatch(targetUsers: [deleted, empty]))
            #expect(try store.targetUsers(tenant: "T") == [empty, deleted])
        }
    }

    @Test(arguments: Backend.allCases)
    func wholeTenantLoadReturnsEverythingOfThatTenantOnly(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 3, users: 0..<4))
            try store.apply(Sample.batch(tenant: "B", partition: 1, expected: nil, next: 7, users: 0..<2))
            let nested = MembershipRecord(tenant: "A", groupId: "g2", memberKind: .group, memberId: "g1", role: .owner)
            try store.apply(StoreBatch(sourceGroups: [Sample.group("A", "g2")], memberships: [nested]))

            let loaded = try store.load(LoadRequest(sourceUsers: ["B": ["u0"]], wholeTenants: ["A"]))
            #expect(loaded.tenantStates.keys.sorted() == ["A"])
            #expect(loaded.sourceUsers.map(\.key) == (0..<4).map { TenantScopedId(tenant: "A", id: "u\($0)") }
                + [TenantScopedId(tenant: "B", id: "u0")])
            #expect(loaded.sourceGroups.map(\.groupId) == ["g1", "g2"])
            #expect(loaded.memberships.filter { $0.tenant == "A" }.count == 5)
            #expect(loaded.memberships.contains(nested))
            #expect(loaded.targetUsers.map(\.sourceTenant) == ["A", "A", "A", "A"])

            // A group's parents come with it: g1 is a member of g2.
            let byGroup = try store.load(LoadRequest(sourceGroups: ["A": ["g1"]]))
            #expect(byGroup.memberships.contains(nested))
        }
    }

    @Test(arguments: Backend.allCases)
    func loadOfThousandsOfKeysReturnsEachRecordOnce(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 1, users: 0..<3000))
            try store.apply(Sample.batch(tenant: "B", partition: 1, expected: nil, next: 1, users: 0..<3000))
            let ids = Set((0..<3500).map { "u\($0)" })
            let loaded = try store.load(LoadRequest(
                tenantStates: ["A"], sourceUsers: ["A": ids], sourceGroups: ["A": ["g1"]], targetUsersByAnchor: ["A": ids],
                wholeTenants: ["B"]))
            #expect(loaded.sourceUsers.count == 6000)
            #expect(loaded.targetUsers.count == 6000)
            #expect(loaded.memberships.count == 6000)
            #expect(loaded.sourceGroups.count == 2)
            #expect(Set(loaded.tenantStates.keys) == ["A", "B"])
        }
    }

    @Test(arguments: Backend.allCases)
    func upsertsReplaceAndDeletesRemove(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 1, users: 0..<3))
            let m0 = MembershipRecord(tenant: "A", groupId: "g1", memberKind: .user, memberId: "u0", role: .member)
            try store.apply(StoreBatch(
                progress: [ProgressUpdate(partition: Sample.partition(0), expected: 1, next: 2)],
                tenantStates: [Sample.state("A", seq: 2)],
                sourceUsers: [Sample.sourceUser("A", "u1", 1), Sample.sourceUser("A", "u1", 2)],  // last one wins
                deletedSourceUsers: [TenantScopedId(tenant: "A", id: "u0")],
                deletedSourceGroups: [TenantScopedId(tenant: "A", id: "g1")],
                deletedMemberships: [m0],
                targetUsers: [Sample.target("T", source: "A", "u2", version: 2)],
                deletedTargetUsers: [TargetUserAnchor(targetTenant: "T", sourceTenant: "A", sourceUserId: "u0")]))

            let all = try store.load(LoadRequest(wholeTenants: ["A"]))
            #expect(all.sourceUsers == [Sample.sourceUser("A", "u1", 2), Sample.sourceUser("A", "u2", 1)])
            #expect(all.sourceGroups.isEmpty)
            #expect(!all.memberships.contains(m0))
            #expect(all.memberships.count == 2)
            #expect(all.targetUsers == [Sample.target("T", source: "A", "u1"), Sample.target("T", source: "A", "u2", version: 2)])
            #expect(all.tenantStates["A"]?.lastSeq == 2)
        }
    }

    @Test(arguments: Backend.allCases)
    func failureInjectedMidBatchLeavesNoTraceAndProgressUnchanged(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let faults = StoreFaultInjector()
            var options = StoreFixture.testOptions
            options.faults = faults
            let store = try fixture.open(options)
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 10, users: 0..<10))
            let before = try Snapshot(store, tenants: ["A"])

            var second = Sample.batch(tenant: "A", partition: 0, expected: 10, next: 20, users: 5..<15, version: 2)
            second.deletedSourceUsers = [TenantScopedId(tenant: "A", id: "u0")]
            faults.failAfter(statements: 3)  // fence and a delete ran, the upserts did not all run
            #expect(throws: StoreError.injectedFailure(afterStatements: 3)) { try store.apply(second) }
            #expect(try Snapshot(store, tenants: ["A"]) == before)

            // The same store goes on: the batch applies when tried again.
            try store.apply(second)
            let after = try Snapshot(store, tenants: ["A"])
            #expect(after.progress == [0: 20])
            #expect(after.loaded.sourceUsers.count == 14)
            #expect(after.outbox.count == 2)
        }
    }

    @Test(arguments: Backend.allCases)
    func reapplyingABatchIsRefusedByTheProgressFenceAndChangesNothing(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            let first = Sample.batch(tenant: "A", partition: 3, expected: nil, next: 10, users: 0..<4)
            try store.apply(first)
            let before = try Snapshot(store, tenants: ["A"])

            let again = try #require(throws: StoreError.self) { try store.apply(first) }
            #expect(again == .progressConflict(partition: Sample.partition(3), expected: nil, found: 10))
            #expect(again.meansAlreadyApplied(first.progress[0]))
            // A zombie worker that still believes the partition is at 0 cannot write either.
            let zombie = Sample.batch(tenant: "A", partition: 3, expected: 0, next: 10, users: 0..<4, version: 9)
            let stale = try #require(throws: StoreError.self) { try store.apply(zombie) }
            #expect(stale == .progressConflict(partition: Sample.partition(3), expected: 0, found: 10))
            #expect(!stale.isRetriable)
            #expect(try Snapshot(store, tenants: ["A"]) == before)
        }
    }

    @Test(arguments: Backend.allCases)
    func duplicateSourceAnchorIsAConstraintErrorAndWritesNothing(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            try store.apply(StoreBatch(targetUsers: [Sample.target("T", source: "A", "u1")]))
            var clash = Sample.target("T", source: "A", "u1")
            clash.id = "another-id"
            let error = try #require(throws: StoreError.self) {
                try store.apply(StoreBatch(progress: [ProgressUpdate(partition: Sample.partition(0), expected: nil, next: 1)],
                                           targetUsers: [clash]))
            }
            guard case .constraint = error else { Issue.record("expected a constraint error, got \(error)"); return }
            #expect(try store.targetUsers(tenant: "T") == [Sample.target("T", source: "A", "u1")])
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0]).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func targetUserUpsertedTwiceInOneBatchKeepsTheLastAndDeletesGoByAnchor(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            let copies = [Sample.target("T", source: "A", "u1"), Sample.target("U", source: "A", "u1")]
            try store.apply(StoreBatch(targetUsers: copies + [Sample.target("T", source: "A", "u1", version: 3)]))
            #expect(try store.targetUsers(tenant: "T") == [Sample.target("T", source: "A", "u1", version: 3)])
            #expect(try store.targetUsers(tenant: "U") == [copies[1]])

            // Deleting one target tenant's copy leaves the other's.
            try store.apply(StoreBatch(deletedTargetUsers: [TargetUserAnchor(targetTenant: "T", sourceTenant: "A", sourceUserId: "u1")]))
            #expect(try store.targetUsers(tenant: "T").isEmpty)
            #expect(try store.load(LoadRequest(targetUsersByAnchor: ["A": ["u1"]])).targetUsers == [copies[1]])
        }
    }

    @Test(arguments: Backend.allCases)
    func storesOnTwoThreadsApplyingDisjointTenantsLoseNothing(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let batches = 40
            let perBatch = 50
            let location = fixture.location
            try onThreads(2) { worker in
                let store = try openStore(location, logger: Logger(label: "store", level: .error),
                                          options: StoreFixture.testOptions)
                let tenant = "tenant\(worker)"
                var expected: Int64?
                for b in 0..<batches {
                    let next = Int64(b + 1) * 100
                    try store.apply(Sample.batch(tenant: tenant, partition: Int32(worker), expected: expected, next: next,
                                                 users: (b * perBatch)..<((b + 1) * perBatch)))
                    expected = next
                }
            }
            let store = try fixture.open()
            for worker in 0..<2 {
                #expect(try store.sourceUsers(tenant: "tenant\(worker)").count == batches * perBatch)
            }
            #expect(try store.targetUsers(tenant: "T").count == 2 * batches * perBatch)
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0, 1])
                == [0: Int64(batches) * 100, 1: Int64(batches) * 100])
            #expect(try store.pendingOutbox(limit: 1000).count == 2 * batches)
        }
    }

    @Test(arguments: Backend.allCases)
    func outboxRowsStayPendingUntilDeleted(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            for i in 0..<3 { try store.apply(StoreBatch(outbox: Sample.body("entries \(i)"))) }
            let pending = try store.pendingOutbox(limit: 10)
            #expect(pending.map(\.body) == (0..<3).map { Sample.body("entries \($0)") })
            #expect(pending.map(\.id) == pending.map(\.id).sorted())
            #expect(try store.pendingOutbox(limit: 2).count == 2)
            try store.deleteOutbox(ids: [pending[0].id, pending[2].id, 999_999])
            #expect(try store.pendingOutbox(limit: 10) == [pending[1]])
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentOpensOfAFreshDatabaseMigrateOnceAndReopenKeepsData(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let location = fixture.location
            try onThreads(3) { i in
                let store = try openStore(location, logger: Logger(label: "store", level: .error),
                                          options: StoreFixture.testOptions)
                try store.apply(StoreBatch(tenantStates: [Sample.state("tenant\(i)", seq: Int64(i))]))
            }
            let reopened = try fixture.open()
            #expect(try reopened.tenantStates().map(\.tenant) == ["tenant0", "tenant1", "tenant2"])
            #expect(try schemaVersions(reopened) == [backend == .sqlite ? SQLiteSchema.version : PostgresSchema.version])
        }
    }

    @Test(arguments: Backend.allCases)
    func schemaNewerThanTheCodeIsRefusedAtOpen(backend: Backend) async throws {
        try await withStoreFixture(backend) { fixture in
            let store = try fixture.open()
            let supported = backend == .sqlite ? SQLiteSchema.version : PostgresSchema.version
            try executeForTesting(store, "UPDATE schema_version SET version = \(supported + 1)")
            #expect(throws: StoreError.schemaTooNew(found: supported + 1, supported: supported)) {
                _ = try fixture.open()
            }
        }
    }
}

/// Raw SQL on a store's own connection (tests only).
func executeForTesting(_ store: any DirectoryStore, _ sql: String) throws {
    if let s = store as? SQLiteStore { try s.executeForTesting(sql) }
    if let s = store as? PostgresStore { try s.executeForTesting(sql) }
}

func schemaVersions(_ store: any DirectoryStore) throws -> [Int] {
    if let s = store as? SQLiteStore { return try s.schemaVersionsForTesting() }
    if let s = store as? PostgresStore { return try s.schemaVersionsForTesting() }
    return []
}
