/// Configuration of a `KafkaProducer`: typed settings with documented defaults, turned into librdkafka properties.
public struct KafkaProducerConfig: Sendable {
    /// How many replicas must acknowledge a write (`acks`).
    public enum Acks: String, Sendable {
        /// The leader only.
        case leader = "1"
        /// Every in-sync replica (required by idempotence).
        case all = "all"
        /// No acknowledgement (not allowed with idempotence).
        case none = "0"
    }

    /// Compression of record batches (`compression.codec`).
    public enum Compression: String, Sendable {
        /// No compression.
        case none
        /// gzip: small, slow.
        case gzip
        /// snappy: fast, larger.
        case snappy
        /// lz4: fast, a good default when bandwidth matters.
        case lz4
        /// zstd: small and fairly fast.
        case zstd
    }

    /// Cluster, identity, statistics and raw properties.
    public var client: KafkaClientOptions
    /// Idempotent producer (`enable.idempotence`): retries never duplicate or reorder records. Default true.
    public var idempotent: Bool = true
    /// Default `.all` (idempotence requires it).
    public var acks: Acks = .all
    /// How long to wait to fill a batch (`linger.ms`). Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// The most records in one batch (`batch.num.messages`). Default 10,000.
    public var batchRecords: Int = 10_000
    /// Default `.none`.
    public var compression: Compression = .none
    /// How long a record may wait for delivery, retries included, before it fails with `_MSG_TIMED_OUT`
    /// (`message.timeout.ms`). Default 60 s.
    public var messageTimeout: Duration = .seconds(60)
    /// The most records waiting in the local queue (`queue.buffering.max.messages`); `send` blocks while it is full.
    /// Default 100,000.
    public var maxQueuedRecords: Int = 100_000
    /// The most bytes waiting in the local queue, in KiB (`queue.buffering.max.kbytes`). Default 1 GiB.
    public var maxQueuedKBytes: Int = 1_048_576

    /// A configuration for a cluster with every default.
    public init(bootstrapServers: String) {
        self.client = KafkaClientOptions(bootstrapServers: bootstrapServers)
    }

    /// The librdkafka properties this configuration sets, raw properties last.
    public func librdkafkaProperties() -> [(String, String)] {
        var out = client.librdkafkaProperties()
        out += [
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("acks", acks.rawValue),
            ("linger.ms", String(linger.milliseconds)),
            ("batch.num.messages", String(batchRecords)),
            ("compression.codec", compression.rawValue),
            ("message.timeout.ms", String(messageTimeout.milliseconds)),
            ("queue.buffering.max.messages", String(maxQueuedRecords)),
            ("queue.buffering.max.kbytes", String(maxQueuedKBytes)),
        ]
        out += client.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return out
    }
}
