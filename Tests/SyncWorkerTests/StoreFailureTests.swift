import Foundation
import Support
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

/// A store that commits a batch and then reports the connection lost, as when the acknowledgement of a commit is lost.
final class LostAcknowledgementStore: DirectoryStore {
    let base: any DirectoryStore
    var loseNextAcknowledgement = false
    init(_ base: any DirectoryStore) { self.base = base }

    var locationDescription: String { base.locationDescription }
    func load(_ request: SyncStore.LoadRequest) throws -> LoadedRecords { try base.load(request) }
    func apply(_ batch: StoreBatch) throws {
        try base.apply(batch)
        if loseNextAcknowledgement {
            loseNextAcknowledgement = false
            throw StoreError.connectionLost(server: "test", message: "acknowledgement lost")
        }
    }
    func progress(group: String, topic: String, partitions: [Int32]) throws -> [Int32: Int64] {
        try base.progress(group: group, topic: topic, partitions: partitions)
    }
    func pendingOutbox(limit: Int) throws -> [OutboxRecord] { try base.pendingOutbox(limit: limit) }
    func deleteOutbox(ids: [Int64]) throws { try base.deleteOutbox(ids: ids) }
    func targetUsers(tenant: String) throws -> [TargetUserRecord] { try base.targetUsers(tenant: tenant) }
    func targetUser(tenant: String, sourceTenant: String, sourceUserId: String) throws -> TargetUserRecord? {
        try base.targetUser(tenant: tenant, sourceTenant: sourceTenant, sourceUserId: sourceUserId)
    }
    func targetUser(tenant: String, userPrincipalName: String) throws -> TargetUserRecord? {
        try base.targetUser(tenant: tenant, userPrincipalName: userPrincipalName)
    }
    func tenantStates() throws -> [TenantStateRecord] { try base.tenantStates() }
    func sourceUsers(tenant: String) throws -> [SourceUserRecord] { try base.sourceUsers(tenant: tenant) }
}

@Suite("Store failures")
struct StoreFailureTests {
    /// A store failure in the middle of a batch leaves no trace and is not a dead letter: applying the same batch
    /// again ends exactly like the reference, with each log entry once.
    @Test func aBatchFailingMidTransactionIsRetriedToTheSameResult() async throws {
        let feed = try PartitionedFeed(seed: 51, changes: 1_000)
        try await withTemporaryDirectory { dir in
            let faults = StoreFaultInjector()
            let store = try openStore(StoreLocation.parse("sqlite:\(dir.path)/store.db"), logger: Logger(label: "store", level: .error),
                                      options: StoreOptions(faults: faults))
            let applier = makeApplier(store)
            var failures = 0
            for (index, batch) in feed.randomBatches(seed: 6, maxSize: 150).enumerated() {
                if index % 2 == 0 { faults.failAfter(statements: 1 + index % 7) }
                do {
                    _ = try applier.apply(batch)
                } catch let error as StoreError {
                    #expect(error.isRetriable)
                    failures += 1
                    #expect(try applier.apply(batch).outcome == .applied)
                }
            }
            #expect(failures > 3)
            #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
            let entries = try pendingMessages(store).filter { $0.destination == .log }
            #expect(entries.count == feed.referenceEntryCount)
            #expect(Dictionary(uniqueKeysWithValues: try entries.map { (try LogEntryCodec.decode($0.value).id, $0.value) }) == feed.referenceEntries)
        }
    }

    /// A batch whose commit succeeded but whose acknowledgement was lost is recognised on retry as applied: no second
    /// outbox row, and the caller may commit its offsets.
    @Test func aRetryAfterALostCommitAcknowledgementIsRecognisedAsApplied() async throws {
        let feed = try PartitionedFeed(seed: 52, changes: 400, partitions: 2, malformedRate: 0)
        try await withTemporaryDirectory { dir in
            let store = LostAcknowledgementStore(try openTestStore(dir))
            let applier = makeApplier(store)
            let batches = feed.randomBatches(seed: 7, maxSize: 120)
            for batch in batches.dropLast() { #expect(try applier.apply(batch).outcome == .applied) }
            let last = batches.last!
            let rows = try store.pendingOutbox(limit: 100).count
            store.loseNextAcknowledgement = true
            #expect(throws: StoreError.self) { try applier.apply(last) }
            let afterLost = try store.pendingOutbox(limit: 100).count
            #expect(afterLost == rows + 1)
            let retry = try applier.apply(last)
            #expect(retry.outcome == .alreadyApplied && retry.isDurable)
            #expect(try store.pendingOutbox(limit: 100).count == afterLost)
            var expectedNext: [Int32: Int64] = [:]
            for r in feed.records where last.contains(where: { $0.partition == r.partition }) {
                expectedNext[r.partition] = max(expectedNext[r.partition] ?? 0, r.offset + 1)
            }
            #expect(retry.nextOffsets == expectedNext)
            #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
        }
    }
}
