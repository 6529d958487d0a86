import Foundation
import Kafka
import SyncCore
import SyncFeed
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

@Suite("Batch applier")
struct BatchApplierTests {
    /// Random batches over three partitions give the reference model's target users and log entries (same ids).
    @Test(arguments: [(UInt64(7), 250), (UInt64(8), 40), (UInt64(9), 1_000)])
    func randomBatchesOverPartitionsEqualTheReferenceModel(seed: UInt64, maxBatch: Int) async throws {
        let feed = try PartitionedFeed(seed: seed, changes: 3_000)
        #expect(feed.records.count > 3_000 && feed.summary.malformedLines > 0)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let applier = makeApplier(store)
            var deadLetters = 0
            for batch in feed.randomBatches(seed: seed, maxSize: maxBatch) {
                let result = try applier.apply(batch)
                #expect(result.outcome == .applied)
                deadLetters += result.deadLetters
            }
            let stored = try storedTargetUsers(store, tenants: allTenants(feed.reference))
            #expect(!stored.isEmpty)
            #expect(stored == feed.reference.targetUsers)

            let messages = try pendingMessages(store)
            let entries = messages.filter { $0.destination == .log }
            #expect(entries.count == feed.referenceEntryCount)
            var byId: [String: [UInt8]] = [:]
            for m in entries { byId[try LogEntryCodec.decode(m.value).id] = m.value }
            #expect(byId == feed.referenceEntries)
            #expect(deadLetters == feed.referenceDeadLetters.count)
            #expect(messages.count(where: { $0.destination == .deadLetter }) == deadLetters)
            // The store resumes every partition after its last record.
            for p: Int32 in 0..<3 {
                #expect(try applier.nextOffsets(partitions: [p])[p] == Int64(feed.records.count(where: { $0.partition == p })))
            }
        }
    }

    /// A batch delivered again (after a crash before the offset commit) is skipped: no row, no outbox row.
    @Test func reapplyingAnAppliedBatchChangesNothingAndWritesNoOutboxRow() async throws {
        let feed = try PartitionedFeed(seed: 3, changes: 600)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let batches = feed.randomBatches(seed: 2, maxSize: 120)
            let applier = makeApplier(store)
            for batch in batches { _ = try applier.apply(batch) }
            let rows = try store.pendingOutbox(limit: 10_000).count
            let users = try storedTargetUsers(store, tenants: allTenants(feed.reference))

            // The same applier, and a fresh one (as after a restart) that reads progress from the store.
            for again in [applier, makeApplier(store)] {
                for batch in [batches[0], batches[batches.count / 2], batches.last!] {
                    let result = try again.apply(batch)
                    #expect(result.outcome == .alreadyApplied)
                    #expect(result.skipped == batch.count && result.logEntries == 0)
                }
            }
            #expect(try store.pendingOutbox(limit: 10_000).count == rows)
            #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == users)
        }
    }

    /// A worker whose partition moved to another worker is fenced: its batch writes nothing, and it learns the new
    /// progress.
    @Test func aBatchFencedByAnotherAppliersProgressChangesNothing() async throws {
        let feed = try PartitionedFeed(seed: 5, changes: 800, partitions: 1, malformedRate: 0)
        try await withTemporaryDirectory { dir in
            let first = makeApplier(try openTestStore(dir))
            let second = makeApplier(try openTestStore(dir))
            let records = feed.records
            _ = try first.apply(Array(records[0..<300]))
            #expect(try second.nextOffsets(partitions: [0]) == [0: 300])   // second caches 300
            _ = try first.apply(Array(records[300..<500]))                  // first moves on to 500
            let rows = try first.store.pendingOutbox(limit: 10_000).count
            let users = try storedTargetUsers(first.store, tenants: allTenants(feed.reference))

            let fenced = try second.apply(Array(records[300..<400]))
            #expect(fenced.outcome == .fenced(partition: 0))
            #expect(!fenced.isDurable)
            #expect(try first.store.pendingOutbox(limit: 10_000).count == rows)
            #expect(try storedTargetUsers(first.store, tenants: allTenants(feed.reference)) == users)
            // The fenced worker refreshed its progress: the same records are now known as applied.
            #expect(try second.apply(Array(records[300..<400])).outcome == .alreadyApplied)
            #expect(try second.nextOffsets(partitions: [0]) == [0: 500])
        }
    }

    /// The same change published twice (two offsets) is applied once; the second copy is logged as skipped.
    @Test func aChangePublishedTwiceIsAppliedOnceAndLoggedAsSkipped() async throws {
        let feed = try PartitionedFeed(seed: 9, changes: 400, partitions: 1, malformedRate: 0)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let applier = makeApplier(store)
            _ = try applier.apply(feed.records)
            #expect(try store.pendingOutbox(limit: 10_000).count == 1)
            let users = try storedTargetUsers(store, tenants: allTenants(feed.reference))
            let firstEntries = try pendingMessages(store).filter { $0.destination == .log }.map { try LogEntryCodec.decode($0.value) }

            // Republish, at new offsets, the last user change that produced a successful entry.
            let successful = Set(firstEntries.filter { $0.status == .success }.map(\.changeId))
            let original = try #require(feed.records.last { record in
                guard let change = try? ChangeCodec.decode(record.value), change.seq != nil else { return false }
                return successful.contains(change.changeId)
            })
            let next = Int64(feed.records.count)
            let copy = InputRecord(partition: 0, offset: next, key: original.key, value: original.value)
            let result = try applier.apply([copy])
            #expect(result.outcome == .applied && result.applied == 1 && result.logEntries > 0)
            #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == users)

            let second = try store.pendingOutbox(limit: 10).last.map { try OutboxBody.decode($0.body) } ?? []
            let entries = try second.map { try LogEntryCodec.decode($0.value) }
            let changeId = try ChangeCodec.decode(original.value).changeId
            #expect(!entries.isEmpty && entries.allSatisfy { $0.status == .skipped && $0.changeId == changeId })
            let firstIds = Set(firstEntries.filter { $0.changeId == changeId }.map(\.id))
            #expect(!firstIds.isEmpty && firstIds.isDisjoint(with: entries.map(\.id)))
        }
    }

    /// A change whose record key is not its tenantId (or has none) would break the tenant's order: it is dead-lettered
    /// with a reason naming both, and changes nothing; the same bytes under the right key are applied.
    @Test func aRecordKeyedByAnotherTenantIsDeadLetteredAndChangesNothing() async throws {
        let feed = try PartitionedFeed(seed: 9, changes: 400, partitions: 1, malformedRate: 0)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let applier = makeApplier(store)
            _ = try applier.apply(feed.records)
            let users = try storedTargetUsers(store, tenants: allTenants(feed.reference))
            let original = try #require(feed.records.last { (try? ChangeCodec.decode($0.value))?.seq != nil })
            let tenant = try ChangeCodec.decode(original.value).tenantId
            let next = Int64(feed.records.count)
            let wrong = InputRecord(partition: 0, offset: next, key: Array("not-\(tenant)".utf8), value: original.value)
            let missing = InputRecord(partition: 0, offset: next + 1, key: nil, value: original.value)

            let result = try applier.apply([wrong, missing])
            #expect(result.outcome == .applied && result.applied == 0 && result.deadLetters == 2)
            #expect(try storedTargetUsers(store, tenants: allTenants(feed.reference)) == users)
            let letters = try pendingMessages(store).filter { $0.destination == .deadLetter }
            #expect(letters.count == 2)
            for (letter, input) in zip(letters, [wrong, missing]) {
                #expect(letter.value == input.value && letter.key == input.key)
                #expect(header(letter, DeadLetterHeaders.code) == BatchApplier.keyMismatchCode)
                #expect(header(letter, DeadLetterHeaders.offset) == String(input.offset))
                let reason = try #require(header(letter, DeadLetterHeaders.reason))
                #expect(reason.hasPrefix("record key: ") && reason.contains("'\(tenant)'"))
            }
            #expect(header(letters[0], DeadLetterHeaders.reason)?.contains("'not-\(tenant)'") == true)
            #expect(try applier.nextOffsets(partitions: [0]) == [0: next + 2])
        }
    }

    /// Every malformed or rejected record becomes a dead letter with its original bytes and where it came from.
    @Test func everyMalformedRecordEndsInADeadLetterWithItsBytesAndAReason() async throws {
        let feed = try PartitionedFeed(seed: 13, changes: 1_500, malformedRate: 0.1)
        #expect(feed.summary.malformedLines > 50)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let applier = makeApplier(store)
            for batch in feed.randomBatches(seed: 4, maxSize: 200) { _ = try applier.apply(batch) }
            let letters = try pendingMessages(store).filter { $0.destination == .deadLetter }
            #expect(letters.count == feed.summary.malformedLines)
            #expect(letters.count == feed.referenceDeadLetters.count)
            let codes: Set<String> = ["undecodable", "unknownSchema", "unknownType", "invalidField",
                                      "tenantOutsideOrganization", "invalidAdminAction"]
            var seen = Set<[Int64]>()
            for letter in letters {
                let partition = try #require(header(letter, DeadLetterHeaders.partition).flatMap { Int32($0) })
                let offset = try #require(header(letter, DeadLetterHeaders.offset).flatMap { Int64($0) })
                let input = try #require(feed.records.first { $0.partition == partition && $0.offset == offset })
                #expect(letter.value == input.value && letter.key == input.key)
                #expect(!(header(letter, DeadLetterHeaders.reason) ?? "").isEmpty)
                #expect(codes.contains(header(letter, DeadLetterHeaders.code) ?? ""))
                #expect(header(letter, DeadLetterHeaders.topic) == "directory-changes")
                #expect(header(letter, DeadLetterHeaders.worker) == "test-worker")
                #expect(header(letter, DeadLetterHeaders.time) == Timestamp.format(fixedNow))
                seen.insert([Int64(partition), offset])
            }
            #expect(seen == feed.referenceDeadLetters)
        }
    }
}
