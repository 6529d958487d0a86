import Kafka
import Support
import SyncCore

/// Reads the provisioning-log topic from the beginning, once or following, without a consumer group.
///
/// Every partition is assigned (no group membership, nothing committed), records are polled in batches, decoded
/// through a ``LogRecordIntake`` (repeats dropped by id, undecodable records reported and skipped). Not thread-safe:
/// one caller drives ``read(follow:shouldStop:onUndecodable:onEntry:)``.
public final class LogReader {
    /// Records and entries seen by one read.
    public struct Stats: Sendable, Equatable {
        /// Records polled.
        public var records = 0
        /// Entries passed to the caller.
        public var entries = 0
        /// Entries dropped as repeats.
        public var repeats = 0
        /// Records skipped as undecodable.
        public var undecodable = 0

        /// Creates counts (all zero by default).
        public init(records: Int = 0, entries: Int = 0, repeats: Int = 0, undecodable: Int = 0) {
            self.records = records
            self.entries = entries
            self.repeats = repeats
            self.undecodable = undecodable
        }
    }

    private let bootstrap: String
    private let topic: String
    private let logger: Logger
    private let timeout: Duration
    private var intake = LogRecordIntake()

    /// A reader of `topic` on the cluster at `bootstrap`.
    ///
    /// - Parameters:
    ///   - timeout: how long to wait for the cluster's metadata before giving up (an unreachable broker).
    public init(bootstrap: String, topic: String, logger: Logger, timeout: Duration = .seconds(10)) {
        self.bootstrap = bootstrap
        self.topic = topic
        self.logger = logger
        self.timeout = timeout
    }

    /// Reads every entry from the beginning; returns at the end of the log unless `follow`, then when `shouldStop`.
    ///
    /// The end is one past the last record of each partition when the read starts, found by reading the tails as
    /// ``LagProbe`` does (so a high watermark reported too low by the broker does not cut the log short).
    /// - Parameters:
    ///   - onCaughtUp: called once, when the end of the log as it was at the start has been read.
    ///   - onUndecodable: partition, offset and reason of a record that is skipped.
    ///   - onEntry: each new entry, in partition order within a partition.
    /// - Throws: `OpsError` when the cluster cannot be reached or the topic does not exist; `KafkaError` for a
    ///   fatal consumer error.
    public func read(
        follow: Bool, shouldStop: () -> Bool = { false }, onCaughtUp: () -> Void = {},
        onUndecodable: (_ partition: Int32, _ offset: Int64, _ reason: String) -> Void,
        onEntry: (ProvisioningLogEntry) -> Void
    ) throws -> Stats {
        let partitions = try ClusterProbe.partitions(of: topic, bootstrap: bootstrap, logger: logger, timeout: timeout)
        // The true ends (tails read), not the high watermarks: a broker may report those too low.
        let marks = try LagProbe(bootstrap: bootstrap, logger: logger, timeout: timeout).endOffsets(partitions)
        let ends = marks.mapValues(\.end)
        var positions = marks.mapValues(\.low)
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap),
                                         logger: logger.labeled("kafka"))
        defer { try? consumer.close() }
        // From the low watermarks as numbers: the first fetch needs no offset look-up.
        try consumer.assign(positions)
        var stats = Stats()
        let clock = ContinuousClock()
        var lastProgress = clock.now
        var caughtUp = false
        while !shouldStop() {
            let records = try consumer.poll(maxRecords: 1000, timeout: .milliseconds(200))
            for record in records {
                positions[record.topicPartition] = record.offset + 1
                stats.records += 1
                switch intake.accept(record.value.map(Array.init)) {
                case .entry(let entry):
                    stats.entries += 1
                    onEntry(entry)
                case .repeated:
                    stats.repeats += 1
                case .undecodable(let reason):
                    stats.undecodable += 1
                    onUndecodable(record.partition, record.offset, reason)
                }
            }
            if !records.isEmpty { lastProgress = clock.now }
            if !caughtUp {
                let atEnd = partitions.allSatisfy { positions[$0, default: 0] >= ends[$0, default: 0] }
                let stalled = clock.now - lastProgress > timeout
                if stalled && !atEnd {
                    logger.warning("no records for \(timeout) before the end of \(topic); going on with what was read")
                }
                if atEnd || stalled {
                    caughtUp = true
                    onCaughtUp()
                }
            }
            if caughtUp && !follow { break }
        }
        return stats
    }
}
