/// Configuration of a `KafkaConsumer`: typed settings with documented defaults, turned into librdkafka properties.
public struct KafkaConsumerConfig: Sendable {
    /// How partitions are shared in a group (`partition.assignment.strategy`).
    public enum Assignor: String, Sendable {
        /// Incremental: only moved partitions are revoked (the default).
        case cooperativeSticky = "cooperative-sticky"
        /// Eager range assignment.
        case range
        /// Eager round-robin assignment.
        case roundRobin = "roundrobin"
    }

    /// Where to start when a partition has no committed offset (`auto.offset.reset`).
    public enum OffsetReset: String, Sendable {
        /// From the oldest record still in the partition.
        case earliest
        /// From the next record written.
        case latest
        /// Fail the poll with an error instead.
        case error
    }

    /// Cluster, identity, statistics and raw properties.
    public var client: KafkaClientOptions
    /// The consumer group (`group.id`); nil for a consumer that only uses `assign`: it then gets a private group
    /// named `tenantsync-assign-<random>` (librdkafka's consumer needs one) that no other member shares.
    public var groupID: String?
    /// Default `.cooperativeSticky`.
    public var assignor: Assignor = .cooperativeSticky
    /// Default `.earliest`: a new group reads from the beginning.
    public var offsetReset: OffsetReset = .earliest
    /// A member not heard of for this long is removed from the group (`session.timeout.ms`). Default 45 s.
    /// Joining a Tansu group takes about half of it.
    public var sessionTimeout: Duration = .seconds(45)
    /// `heartbeat.interval.ms`. Default 3 s; keep it under a third of `sessionTimeout`.
    public var heartbeatInterval: Duration = .seconds(3)
    /// The longest time between two polls before the member leaves the group (`max.poll.interval.ms`).
    /// Default 5 minutes.
    public var maxPollInterval: Duration = .seconds(300)
    /// Commit stored offsets in the background (`enable.auto.commit`). Default false: the owner commits.
    public var autoCommit: Bool = false
    /// Store each record's offset when it is handed out (`enable.auto.offset.store`). Default false: the owner
    /// stores (or commits) what it finished.
    public var autoOffsetStore: Bool = false
    /// How long a fetch waits on the broker for data (`fetch.wait.max.ms`). Default 100 ms.
    public var fetchMaxWait: Duration = .milliseconds(100)
    /// The local prefetch queue per partition, in KiB (`queued.max.messages.kbytes`). Default 64 MiB.
    public var maxPrefetchKBytes: Int = 65_536

    /// A configuration for a cluster with every default; `groupID` nil.
    public init(bootstrapServers: String, groupID: String? = nil) {
        self.client = KafkaClientOptions(bootstrapServers: bootstrapServers)
        self.groupID = groupID
    }

    /// The librdkafka properties this configuration sets, raw properties last.
    public func librdkafkaProperties() -> [(String, String)] {
        var out = client.librdkafkaProperties()
        out.append(("group.id", groupID ?? "tenantsync-assign-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"))
        out += [
            ("partition.assignment.strategy", assignor.rawValue),
            ("auto.offset.reset", offsetReset.rawValue),
            ("session.timeout.ms", String(sessionTimeout.milliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.milliseconds)),
            ("max.poll.interval.ms", String(maxPollInterval.milliseconds)),
            ("enable.auto.commit", autoCommit ? "true" : "false"),
            ("enable.auto.offset.store", autoOffsetStore ? "true" : "false"),
            ("fetch.wait.max.ms", String(fetchMaxWait.milliseconds)),
            ("queued.max.messages.kbytes", String(maxPrefetchKBytes)),
            ("enable.partition.eof", "false"),
        ]
        out += client.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return out
    }
}
