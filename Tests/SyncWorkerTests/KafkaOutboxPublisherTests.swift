import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

@Suite("Kafka outbox publisher")
struct KafkaOutboxPublisherTests {
    /// The relay over Kafka delivers every log entry (keyed by target tenant) and every dead letter (original key,
    /// value and reason headers) of the outbox, and empties it.
    @Test func relayingThroughKafkaDeliversEveryLogEntryAndDeadLetter() async throws {
        let feed = try PartitionedFeed(seed: 41, changes: 500, partitions: 2, malformedRate: 0.05)
        try await withMockCluster(brokers: 1) { cluster in
            try cluster.createTopic("provisioning-log", partitions: 3)
            try cluster.createTopic("directory-changes.dlq", partitions: 1)
            try await withTemporaryDirectory { dir in
                let store = try openTestStore(dir)
                let applier = makeApplier(store)
                for batch in feed.randomBatches(seed: 5, maxSize: 100) { _ = try applier.apply(batch) }
                let logger = Logger(label: "kafka", level: .error)
                let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: cluster.bootstrap), logger: logger)
                let relay = OutboxRelay(store: store, publisher: KafkaOutboxPublisher(producer: producer, deliveryTimeout: .seconds(20)))
                let relayed = try relay.relay()
                #expect(relayed.messages == feed.referenceEntryCount + feed.referenceDeadLetters.count)
                #expect(try store.pendingOutbox(limit: 10).isEmpty)

                let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: cluster.bootstrap), logger: logger)
                try consumer.assign([TopicPartition("provisioning-log", 0): 0, TopicPartition("provisioning-log", 1): 0,
                                     TopicPartition("provisioning-log", 2): 0, TopicPartition("directory-changes.dlq", 0): 0])
                var received: [ConsumerRecord] = []
                let deadline = ContinuousClock.now + .seconds(30)
                while received.count < relayed.messages && ContinuousClock.now < deadline {
                    received += try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(200))
                }
                var entries: [String: [UInt8]] = [:]
                var letters = Set<[Int64]>()
                for record in received {
                    let value = Array(record.value ?? [])
                    if record.topic == "provisioning-log" {
                        let entry = try LogEntryCodec.decode(value)
                        #expect(record.keyString == entry.targetTenant)
                        entries[entry.id] = value
                    } else {
                        let header = { (name: String) in record.headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) } }
                        let partition = try #require(header(DeadLetterHeaders.partition).flatMap { Int64($0) })
                        let offset = try #require(header(DeadLetterHeaders.offset).flatMap { Int64($0) })
                        #expect(!(header(DeadLetterHeaders.reason) ?? "").isEmpty)
                        let input = try #require(feed.records.first { Int64($0.partition) == partition && $0.offset == offset })
                        #expect(value == input.value && record.key.map(Array.init) == input.key)
                        letters.insert([partition, offset])
                    }
                }
                #expect(received.count == relayed.messages)
                #expect(entries == feed.referenceEntries)
                #expect(letters == feed.referenceDeadLetters)
            }
        }
    }
}
