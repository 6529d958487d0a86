import Kafka
import Support

/// Measures a consumer group's lag: committed offsets from the group, end offsets from the partitions themselves.
///
/// The end offset is max(high watermark, last record offset + 1), the last record found by reading each
/// partition's tail from (high watermark − 1). Some brokers (Tansu 0.6.0) report the high watermark after a
/// multi-record batch as that batch's start offset + 1; reading the tail makes the end right regardless.
public struct LagProbe: Sendable {
    private let bootstrap: String
    private let logger: Logger
    private let timeout: Duration

    /// A probe of the cluster at `bootstrap`; `timeout` bounds each wait on the cluster.
    public init(bootstrap: String, logger: Logger, timeout: Duration = .seconds(10)) {
        self.bootstrap = bootstrap
        self.logger = logger
        self.timeout = timeout
    }

    /// The lag of `group` on every partition of `topic`.
    /// - Throws: `OpsError` when the cluster cannot be reached or the topic does not exist.
    public func lag(group: String, topic: String) throws -> LagReport {
        let partitions = try ClusterProbe.partitions(of: topic, bootstrap: bootstrap, logger: logger, timeout: timeout)
        let committed: [TopicPartition: Int64]
        do {
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap),
                                       logger: logger.labeled("kafka"))
            committed = try admin.groupOffsets(group: group, topics: [topic], timeout: timeout)
        } catch {
            throw OpsError("cannot read the offsets of group '\(group)' from \(bootstrap): \(error)")
        }
        let ends = try endOffsets(partitions)
        return LagReport(group: group, topic: topic, partitions: partitions.map { p in
            PartitionLag(topic: topic, partition: p.partition, committed: committed[p], end: ends[p]?.end ?? 0,
                         highWatermark: ends[p]?.high ?? 0)
        })
    }

    /// Per partition: the low and the reported high watermark, and the true end (one past the last record read).
    func endOffsets(_ partitions: [TopicPartition]) throws -> [TopicPartition: (low: Int64, high: Int64, end: Int64)] {
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap),
                                         logger: logger.labeled("kafka"))
        defer { try? consumer.close() }
        var out: [TopicPartition: (low: Int64, high: Int64, end: Int64)] = [:]
        var tails: [TopicPartition: Int64] = [:]
        for p in partitions {
            let marks = try ClusterProbe.watermarks(consumer, p, bootstrap: bootstrap, timeout: timeout)
            out[p] = (marks.low, marks.high, marks.high)
            if marks.high > marks.low { tails[p] = max(marks.low, marks.high - 1) }
        }
        guard !tails.isEmpty else { return out }
        try consumer.assign(tails)
        // Read until every non-empty partition gave its record at (high − 1) and a poll brings nothing more.
        var pending = Set(tails.keys)
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            let records = try consumer.poll(maxRecords: 1000, timeout: .milliseconds(200))
            for record in records {
                let p = record.topicPartition
                pending.remove(p)
                if let current = out[p], record.offset + 1 > current.end { out[p]?.end = record.offset + 1 }
            }
            if records.isEmpty && pending.isEmpty { break }
        }
        if !pending.isEmpty {
            logger.warning("could not read the tail of \(pending.count) partitions in \(timeout); their end is the high watermark")
        }
        return out
    }
}
