import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

let quietLogger = Logger(label: "test", level: .error)

/// Partitions of the test log topic.
let logPartitions = 8

/// Creates the worker's topics on a mock cluster.
func createWorkerTopics(_ cluster: KafkaMockCluster, partitions: Int) throws {
    try cluster.createTopic("directory-changes", partitions: partitions)
    // The mock cluster drops a partition's oldest records past a few MB: enough partitions keep every entry.
    try cluster.createTopic("provisioning-log", partitions: logPartitions)
    try cluster.createTopic("directory-changes.dlq", partitions: 1)
}

/// Publishes records to the partitions they name, in order, and waits for delivery.
func publish(_ records: some Sequence<InputRecord>, to cluster: KafkaMockCluster) throws {
    let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: cluster.bootstrap), logger: quietLogger)
    for r in records {
        _ = try producer.send(ProducerRecord(topic: "directory-changes", partition: r.partition, key: r.key, value: r.value))
    }
    _ = try producer.flush(timeout: .seconds(30))
}

/// A test worker with fast group timings and the fixed clock.
func makeWorker(_ cluster: KafkaMockCluster, dir: URL, name: String, maxBatch: Int = 100, metrics: Metrics = Metrics(),
                faults: StoreFaultInjector? = nil) -> Worker {
    var config = WorkerConfiguration(bootstrap: cluster.bootstrap)
    config.group = "workers"
    config.workerName = name
    config.maxBatch = maxBatch
    config.sessionTimeout = .seconds(6)
    config.heartbeatInterval = .milliseconds(300)
    config.stopTimeout = .seconds(5)
    config.clock = { fixedNow }
    config.retryMaximum = .milliseconds(500)
    return Worker(configuration: config, metrics: metrics, logger: quietLogger) {
        try openStore(StoreLocation.parse("sqlite:\(dir.path)/store.db"), logger: quietLogger, options: StoreOptions(faults: faults))
    }
}

/// Waits until the store's progress reaches `ends` (next offset per partition), or the deadline passes.
func waitForProgress(_ dir: URL, ends: [Int32: Int64], timeout: Duration = .seconds(60)) throws -> Bool {
    let store = try openTestStore(dir)
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let progress = try store.progress(group: "workers", topic: "directory-changes", partitions: Array(ends.keys))
        if ends.allSatisfy({ progress[$0.key] == $0.value }) { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    return false
}

/// The end offset (next offset) of each partition of the feed.
func endOffsets(_ records: [InputRecord]) -> [Int32: Int64] {
    var ends: [Int32: Int64] = [:]
    for r in records { ends[r.partition] = max(ends[r.partition] ?? 0, r.offset + 1) }
    return ends
}

/// Every record of a topic from the beginning up to its end offsets.
func readTopic(_ cluster: KafkaMockCluster, _ topic: String, partitions: Int) throws -> [ConsumerRecord] {
    let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: cluster.bootstrap), logger: quietLogger)
    var ends: [Int32: Int64] = [:]
    var starts: [TopicPartition: Int64] = [:]
    for p in Int32(0)..<Int32(partitions) {
        let tp = TopicPartition(topic, p)
        let marks = try consumer.watermarks(of: tp)
        #expect(marks.low == 0, "\(tp) lost its oldest records (mock cluster retention)")
        ends[p] = marks.high
        starts[tp] = KafkaOffset.beginning
    }
    try consumer.assign(starts)
    var received: [ConsumerRecord] = []
    var next: [Int32: Int64] = [:]
    let deadline = ContinuousClock.now + .seconds(30)
    while ends.contains(where: { (next[$0.key] ?? 0) < $0.value }) && ContinuousClock.now < deadline {
        for r in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)) {
            received.append(r)
            next[r.partition] = r.offset + 1
        }
    }
    try consumer.close()
    return received
}

/// Log entries of the provisioning-log topic by id; `#expect`s that repeats of an id are byte-identical.
func logEntriesById(_ records: [ConsumerRecord]) -> [String: [UInt8]] {
    var byId: [String: [UInt8]] = [:]
    for r in records {
        let value = Array(r.value ?? [])
        guard let entry = try? LogEntryCodec.decode(value) else {
            Issue.record("undecodable log entry")
            continue
        }
        if let earlier = byId.updateValue(value, forKey: entry.id) { #expect(earlier == value) }
    }
    return byId
}

/// Compares log entries by id with the reference, reporting counts rather than bytes.
func expectSameEntries(_ entries: [String: [UInt8]], _ reference: [String: [UInt8]],
                       sourceLocation: SourceLocation = #_sourceLocation) {
    let missing = Set(reference.keys).subtracting(entries.keys)
    let extra = Set(entries.keys).subtracting(reference.keys)
    let different = entries.keys.filter { reference[$0] != nil && reference[$0] != entries[$0] }
    #expect(missing.isEmpty && extra.isEmpty && different.isEmpty,
            "missing \(missing.count), extra \(extra.count), different \(different.count) of \(reference.count)",
            sourceLocation: sourceLocation)
    if let id = different.first, let a = entries[id], let b = reference[id] {
        print("different: \(String(decoding: a, as: UTF8.self))\nreference: \(String(decoding: b, as: UTF8.self))")
    }
}
