import Foundation
import Kafka
import Support
import Synchronization
import Testing
import TestSupport

/// Which cluster a test runs against: librdkafka's in-process mock or a real Tansu broker process.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case mock, tansu
    var testDescription: String { rawValue }
}

/// One test's cluster: where it is, how to make topics, and the fault-injection handles of the backend.
struct TestCluster: Sendable {
    let backend: Backend
    let bootstrap: String
    /// The mock cluster (mock backend only).
    let mock: KafkaMockCluster?
    /// The broker's port (Tansu backend only).
    let tansuPort: Int?

    /// Creates a topic: through the mock's own API, or the Admin API on Tansu.
    func createTopic(_ name: String, partitions: Int) throws {
        if let mock {
            try mock.createTopic(name, partitions: partitions)
        } else {
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: testLogger)
            try admin.createTopic(name, partitions: partitions)
        }
    }

    /// A producer with test-friendly timings.
    func producer(configure: (inout KafkaProducerConfig) -> Void = { _ in }) throws -> KafkaProducer {
        var config = KafkaProducerConfig(bootstrapServers: bootstrap)
        config.client.topicMetadataRefreshInterval = .seconds(1)
        config.linger = .milliseconds(2)
        configure(&config)
        return try KafkaProducer(config: config, logger: testLogger)
    }

    /// A consumer with short group timings (joining a Tansu group takes about half the session timeout).
    func consumer(group: String?, onRebalance: KafkaConsumer.RebalanceHandler? = nil,
                  configure: (inout KafkaConsumerConfig) -> Void = { _ in }) throws -> KafkaConsumer {
        var config = KafkaConsumerConfig(bootstrapServers: bootstrap, groupID: group)
        config.client.topicMetadataRefreshInterval = .seconds(1)
        config.sessionTimeout = .milliseconds(3000)
        config.heartbeatInterval = .milliseconds(300)
        config.fetchMaxWait = .milliseconds(20)
        configure(&config)
        return try KafkaConsumer(config: config, logger: testLogger, onRebalance: onRebalance)
    }
}

let testLogger = Logger(label: "kafka", level: .error)

/// Runs `body` with a fresh cluster of the backend, torn down afterwards.
///
/// `body` blocks (client calls are blocking by design) on the test's own task: that keeps `#expect` attached to the
/// test, at the price of occupying a concurrency-pool thread while it runs. Tests only; the module never does this.
func withTestCluster<T>(_ backend: Backend, brokers: Int = 3,
                        _ body: (TestCluster) throws -> T) async throws -> T {
    switch backend {
    case .mock:
        return try await withMockCluster(brokers: brokers) { mock in
            let cluster = TestCluster(backend: .mock, bootstrap: mock.bootstrap, mock: mock, tansuPort: nil)
            return try body(cluster)
        }
    case .tansu:
        return try await withTansuBroker { broker in
            let cluster = TestCluster(backend: .tansu, bootstrap: broker.bootstrap, mock: nil, tansuPort: broker.port)
            return try body(cluster)
        }
    }
}

/// Sends every record and flushes; returns the reports of all of them.
func sendAll(_ producer: KafkaProducer, _ records: [ProducerRecord],
             timeout: Duration = .seconds(30)) throws -> [DeliveryReport] {
    var reports: [DeliveryReport] = []
    for record in records {
        try producer.send(record)
        reports += producer.poll()
    }
    reports += try producer.flush(timeout: timeout)
    return reports
}

/// Polls until `count` records came or `timeout` passed; returns what came.
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)) throws -> [ConsumerRecord] {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    var records: [ConsumerRecord] = []
    while records.count < count, clock.now < deadline {
        records += try consumer.poll(maxRecords: 500, timeout: .milliseconds(100))
    }
    return records
}

/// Waits until `condition` holds or `timeout` passes; returns whether it held.
func waitUntil(_ timeout: Duration = .seconds(30), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while clock.now < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return condition()
}

/// The next offset to read after these records, per partition.
func nextOffsets(_ records: [ConsumerRecord]) -> [TopicPartition: Int64] {
    var out: [TopicPartition: Int64] = [:]
    for r in records { out[r.topicPartition] = max(out[r.topicPartition] ?? 0, r.offset + 1) }
    return out
}

func uniqueName(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
