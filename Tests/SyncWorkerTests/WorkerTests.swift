import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

@Suite("Worker over the mock cluster", .serialized)
struct WorkerTests {
    /// One worker applies a generated feed: its store equals the reference model, the log topic holds exactly the
    /// reference's entries, and every malformed or rejected record is in the dead-letter topic with a reason while
    /// the worker keeps running to the end of the feed.
    @Test func aWorkerAppliesAFeedLikeTheReferenceAndDeadLettersMalformedRecords() async throws {
        let feed = try PartitionedFeed(seed: 11, changes: 1_500, partitions: 3, malformedRate: 0.05)
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 3)
            try publish(feed.records, to: cluster)
            try await withTemporaryDirectory { dir in
                let worker = makeWorker(cluster, dir: dir, name: "w1")
                worker.start()
                let done = try waitForProgress(dir, ends: endOffsets(feed.records))
                worker.stop()
                #expect(worker.join(timeout: .seconds(30)))
                #expect(done)
                #expect(worker.failure == nil)

                let store = try openTestStore(dir)
                #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
                #expect(try store.pendingOutbox(limit: 1).isEmpty)
                expectSameEntries(logEntriesById(try readTopic(cluster, "provisioning-log", partitions: logPartitions)), feed.referenceEntries)
                var letters = Set<[Int64]>()
                for record in try readTopic(cluster, "directory-changes.dlq", partitions: 1) {
                    let text = { (name: String) in record.header(name)?.value.map { String(decoding: $0, as: UTF8.self) } }
                    #expect(!(text(DeadLetterHeaders.reason) ?? "").isEmpty)
                    let partition = try #require(text(DeadLetterHeaders.partition).flatMap { Int64($0) })
                    let offset = try #require(text(DeadLetterHeaders.offset).flatMap { Int64($0) })
                    letters.insert([partition, offset])
                }
                #expect(!feed.referenceDeadLetters.isEmpty)
                #expect(letters == feed.referenceDeadLetters)
            }
        }
    }

    /// Two workers share a group; one is stopped mid-stream and the other takes its partitions over, resuming where
    /// the store says: the end state equals the reference and every log entry id carries the reference's entry.
    @Test func whenOneOfTwoWorkersStopsTheOtherTakesOverWithoutApplyingAnythingTwice() async throws {
        let feed = try PartitionedFeed(seed: 12, changes: 2_000, partitions: 4, malformedRate: 0.01)
        let half = feed.records.count / 2
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 4)
            try publish(feed.records[..<half], to: cluster)
            try await withTemporaryDirectory { dir in
                let first = makeWorker(cluster, dir: dir, name: "w1", maxBatch: 50)
                let second = makeWorker(cluster, dir: dir, name: "w2", maxBatch: 50)
                first.start()
                #expect(try waitForProgress(dir, ends: endOffsets(Array(feed.records[..<half]))))
                // The second joins (a cooperative rebalance hands it some partitions) while the rest of the feed
                // arrives; the first is stopped in the middle of it.
                second.start()
                try publish(feed.records[half...], to: cluster)
                try await Task.sleep(for: .seconds(1))
                first.stop()
                #expect(first.join(timeout: .seconds(30)))
                let done = try waitForProgress(dir, ends: endOffsets(feed.records))
                second.stop()
                #expect(second.join(timeout: .seconds(30)))
                #expect(done)
                #expect(first.failure == nil && second.failure == nil)

                let store = try openTestStore(dir)
                #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
                #expect(try pendingMessages(store).isEmpty)
                let read = try readTopic(cluster, "provisioning-log", partitions: logPartitions)
                let entries = logEntriesById(read)
                expectSameEntries(entries, feed.referenceEntries)
            }
        }
    }

    /// A worker that "crashed" after its store transaction (outbox not relayed, no offset committed) is replaced:
    /// the new worker publishes the leftover outbox, skips what the store holds, and the end state and log equal the
    /// reference (nothing applied twice, no entry lost).
    @Test func aWorkerReplacingOneThatCrashedBeforeCommittingChangesNothingTwiceAndLosesNoEntry() async throws {
        let feed = try PartitionedFeed(seed: 13, changes: 1_200, partitions: 2, malformedRate: 0.02)
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 2)
            try publish(feed.records, to: cluster)
            try await withTemporaryDirectory { dir in
                // The crashed worker: the first batches applied to the store, nothing relayed, nothing committed.
                let crashed = makeApplier(try openTestStore(dir))
                for batch in feed.randomBatches(seed: 3, maxSize: 150).prefix(4) {
                    #expect(try crashed.apply(batch).outcome == .applied)
                }
                #expect(try !crashed.store.pendingOutbox(limit: 1).isEmpty)

                let worker = makeWorker(cluster, dir: dir, name: "w2")
                worker.start()
                let done = try waitForProgress(dir, ends: endOffsets(feed.records))
                worker.stop()
                #expect(worker.join(timeout: .seconds(30)))
                #expect(done)
                #expect(try storedTargetUsers(crashed.store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
                #expect(try crashed.store.pendingOutbox(limit: 1).isEmpty)
                let records = try readTopic(cluster, "provisioning-log", partitions: logPartitions)
                #expect(records.count == feed.referenceEntryCount)
                expectSameEntries(logEntriesById(records), feed.referenceEntries)
            }
        }
    }

    /// Store failures in the middle of batches are not dead letters: the worker retries the same batch (partitions
    /// paused, with backoff) until it goes through, and the end state and log equal the reference.
    @Test func storeFailuresAreRetriedUntilTheBatchGoesThroughAndNothingIsSkipped() async throws {
        let feed = try PartitionedFeed(seed: 14, changes: 1_000, partitions: 2, malformedRate: 0.02)
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 2)
            try publish(feed.records, to: cluster)
            try await withTemporaryDirectory { dir in
                let faults = StoreFaultInjector()
                let metrics = Metrics()
                let worker = makeWorker(cluster, dir: dir, name: "w1", maxBatch: 80, metrics: metrics, faults: faults)
                worker.start()
                for round in 0..<40 {
                    faults.failAfter(statements: 1 + round % 5)
                    try await Task.sleep(for: .milliseconds(40))
                }
                let done = try waitForProgress(dir, ends: endOffsets(feed.records))
                worker.stop()
                #expect(worker.join(timeout: .seconds(30)))
                #expect(done)
                #expect(worker.failure == nil)
                let retries = WorkerMetrics(metrics).retries.labels().value
                #expect(retries > 0)
                let store = try openTestStore(dir)
                #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == feed.reference.targetUsers)
                expectSameEntries(logEntriesById(try readTopic(cluster, "provisioning-log", partitions: logPartitions)),
                                  feed.referenceEntries)
                let letters = try readTopic(cluster, "directory-changes.dlq", partitions: 1)
                #expect(letters.count == feed.referenceDeadLetters.count)
            }
        }
    }

    /// The lag gauge tells records waiting on each owned partition: it rises while the store keeps failing and new
    /// records arrive, and falls to 0 once they are applied.
    @Test func theLagGaugeShowsRecordsWaitingWhileTheStoreFailsAndZeroOnceApplied() async throws {
        let feed = try PartitionedFeed(seed: 15, changes: 600, tenants: 2, partitions: 1, malformedRate: 0)
        let first = feed.records.count / 3
        try await withMockCluster(brokers: 1) { cluster in
            try createWorkerTopics(cluster, partitions: 1)
            try publish(feed.records[..<first], to: cluster)
            try await withTemporaryDirectory { dir in
                let faults = StoreFaultInjector()
                let metrics = Metrics()
                let lag = WorkerMetrics(metrics).lag.labels("0")
                let worker = makeWorker(cluster, dir: dir, name: "w1", maxBatch: 50, metrics: metrics, faults: faults)
                worker.start()
                #expect(try waitForProgress(dir, ends: endOffsets(Array(feed.records[..<first]))))
                #expect(lag.value == 0)

                // Every batch fails while the rest arrives: the gauge must show what waits.
                faults.failEveryBatch(afterStatements: 1)
                try publish(feed.records[first...], to: cluster)
                var highest = 0.0
                let deadline = ContinuousClock.now + .seconds(30)
                while highest == 0 && ContinuousClock.now < deadline {
                    highest = max(highest, lag.value)
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(highest > 0 && highest <= Double(feed.records.count - first), "lag seen: \(highest)")
                faults.disarm()

                let done = try waitForProgress(dir, ends: endOffsets(feed.records))
                // The gauge is refreshed on the poll after the last batch.
                let settled = ContinuousClock.now + .seconds(5)
                while lag.value != 0 && ContinuousClock.now < settled { try await Task.sleep(for: .milliseconds(20)) }
                worker.stop()
                #expect(worker.join(timeout: .seconds(30)))
                #expect(done)
                #expect(lag.value == 0)
            }
        }
    }
}
