import Foundation
import Kafka
import Support
import SyncFeed
import TestSupport

/// A `ChangePublisher` that keeps what it was given, for tests without a broker.
struct KeyedRecordingPublisher: ChangePublisher {
    var records: [(key: String, value: [UInt8])] = []
    var flushes = 0

    mutating func publish(key: [UInt8], value: [UInt8]) throws {
        records.append((String(decoding: key, as: UTF8.self), value))
    }

    mutating func flush() throws { flushes += 1 }
}

/// Which cluster a broker test runs against.
enum FeedBackend: String, CaseIterable, Sendable {
    case mock, tansu
}

let feedTestLogger = Logger(label: "kafka", level: .error)

/// Runs `body` with the bootstrap of a fresh cluster on which `topics` exist (name, partitions).
func withFeedCluster<T>(_ backend: FeedBackend, topics: [(String, Int)],
                        _ body: (String) throws -> T) async throws -> T {
    switch backend {
    case .mock:
        return try await withMockCluster(brokers: 1) { mock in
            for (name, partitions) in topics { try mock.createTopic(name, partitions: partitions) }
            return try body(mock.bootstrap)
        }
    case .tansu:
        return try await withTansuBroker { broker in
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: broker.bootstrap), logger: feedTestLogger)
            for (name, partitions) in topics { try admin.createTopic(name, partitions: partitions) }
            return try body(broker.bootstrap)
        }
    }
}

/// Reads `count` records of `topic` from the beginning (or fewer when `timeout` passes).
func readTopic(_ bootstrap: String, _ topic: String, count: Int, timeout: Duration = .seconds(20)) throws -> [ConsumerRecord] {
    var config = KafkaConsumerConfig(bootstrapServers: bootstrap)
    config.fetchMaxWait = .milliseconds(20)
    let consumer = try KafkaConsumer(config: config, logger: feedTestLogger)
    let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: feedTestLogger)
    let partitions = try admin.partitions(of: topic)
    try consumer.assign(Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
    var records: [ConsumerRecord] = []
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while records.count < count, clock.now < deadline {
        records += try consumer.poll(maxRecords: 1000, timeout: .milliseconds(100))
    }
    try consumer.close()
    return records
}

/// A small generated feed (three tenants), as lines.
func smallFeed(changes: Int = 40) -> [[UInt8]] {
    var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: 3, users: 20, groups: 3, changes: changes, seed: 7))
    var lines: [[UInt8]] = []
    _ = try? generator.generate { lines.append($0) }
    return lines
}

/// A temporary file holding `text`, removed after `body`.
func withTemporaryFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).jsonl").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}
