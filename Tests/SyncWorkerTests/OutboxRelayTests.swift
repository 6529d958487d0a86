import Foundation
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

/// A publisher that records what it is given, and can be told to fail.
final class RecordingPublisher: OutboxPublisher {
    var published: [OutboxMessage] = []
    var failuresLeft = 0
    struct Failure: Error {}

    func publish(_ messages: [OutboxMessage]) throws {
        if failuresLeft > 0 {
            failuresLeft -= 1
            throw Failure()
        }
        published += messages
    }

    var logEntries: [ProvisioningLogEntry] {
        published.filter { $0.destination == .log }.compactMap { try? LogEntryCodec.decode($0.value) }
    }
}

@Suite("Outbox relay")
struct OutboxRelayTests {
    /// A worker that crashed after the store commit but before publishing loses nothing: a new applier and relay on
    /// the same file publish the outbox row once, and a re-delivered batch adds no second row.
    @Test func aCrashBeforeRelayIsPublishedOnceByTheNextWorker() async throws {
        let feed = try PartitionedFeed(seed: 21, changes: 1_200)
        let batches = feed.randomBatches(seed: 8, maxSize: 300)
        try await withTemporaryDirectory { dir in
            do {
                // The crashed worker: everything applied, nothing published.
                let applier = makeApplier(try openTestStore(dir))
                for batch in batches { _ = try applier.apply(batch) }
            }
            let store = try openTestStore(dir)
            let restarted = makeApplier(store)
            // Kafka re-delivers the uncommitted batches to the new worker: all skipped.
            for batch in batches { #expect(try restarted.apply(batch).outcome == .alreadyApplied) }
            let publisher = RecordingPublisher()
            let relay = OutboxRelay(store: store, publisher: publisher, rowsPerRead: 3)
            let result = try relay.relay()
            #expect(result.rows == batches.count)
            #expect(try relay.relay() == OutboxRelay.Result())
            #expect(try store.pendingOutbox(limit: 10).isEmpty)

            let entries = publisher.logEntries
            #expect(entries.count == feed.referenceEntryCount)
            #expect(Set(entries.map(\.id)).count == entries.count)
            var byId: [String: [UInt8]] = [:]
            for e in entries { byId[e.id] = LogEntryCodec.encode(e) }
            #expect(byId == feed.referenceEntries)
            // Log entries are keyed by their target tenant.
            for m in publisher.published where m.destination == .log {
                #expect(m.key == Array(try LogEntryCodec.decode(m.value).targetTenant.utf8))
            }
            #expect(publisher.published.count(where: { $0.destination == .deadLetter }) == feed.referenceDeadLetters.count)
        }
    }

    /// A failed delivery keeps the row (and later ones) for the next attempt; rows are deleted only once delivered.
    @Test func aFailedDeliveryLeavesTheRowForTheNextAttempt() async throws {
        let feed = try PartitionedFeed(seed: 22, changes: 300, partitions: 1)
        try await withTemporaryDirectory { dir in
            let store = try openTestStore(dir)
            let applier = makeApplier(store)
            let quarter = feed.records.count / 4
            for start in stride(from: 0, to: feed.records.count, by: quarter) {
                _ = try applier.apply(Array(feed.records[start..<min(start + quarter, feed.records.count)]))
            }
            let rows = try store.pendingOutbox(limit: 10)
            try #require(rows.count >= 2)

            let publisher = RecordingPublisher()
            publisher.failuresLeft = 1
            let relay = OutboxRelay(store: store, publisher: publisher)
            #expect(throws: RecordingPublisher.Failure.self) { try relay.relay() }
            #expect(try store.pendingOutbox(limit: 10) == rows)
            #expect(publisher.published.isEmpty)

            let result = try relay.relay()
            #expect(result.rows == rows.count && result.messages == publisher.published.count)
            #expect(try store.pendingOutbox(limit: 10).isEmpty)
            let expected = try rows.flatMap { try OutboxBody.decode($0.body) }
            #expect(publisher.published == expected)
        }
    }
}
