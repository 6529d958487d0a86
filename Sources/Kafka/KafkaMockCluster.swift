internal import CRdKafka
import Support

/// librdkafka's in-process mock Kafka cluster, with fault injection: for tests and `simulate`.
///
/// Brokers are numbered 1...brokers. Topics are created explicitly with `createTopic` (or automatically with the
/// mock's defaults on first use); the Admin API's CreateTopics is not served by the mock (it has no controller).
/// The mock keeps only the newest few megabytes of each partition: it suits tests, not million-record benchmarks. Every fault lasts until undone (`setBrokerUp`, `clearRequestErrors`) or, for
/// pushed request errors, until that many requests have consumed them.
///
/// Thread-safety: every method may be called from any thread (librdkafka runs the cluster on its own thread and
/// each call waits for it briefly). Keep the cluster alive while clients use it; deinit stops it.
public final class KafkaMockCluster: Sendable {
    /// A Kafka protocol request type, for `pushRequestErrors`.
    public struct APIKey: RawRepresentable, Hashable, Sendable {
        /// The protocol's ApiKey number.
        public var rawValue: Int16
        /// Wraps a protocol ApiKey number.
        public init(rawValue: Int16) { self.rawValue = rawValue }
        /// Produce (0).
        public static let produce = APIKey(rawValue: 0)
        /// Fetch (1).
        public static let fetch = APIKey(rawValue: 1)
        /// ListOffsets (2).
        public static let listOffsets = APIKey(rawValue: 2)
        /// Metadata (3).
        public static let metadata = APIKey(rawValue: 3)
        /// OffsetCommit (8).
        public static let offsetCommit = APIKey(rawValue: 8)
        /// OffsetFetch (9).
        public static let offsetFetch = APIKey(rawValue: 9)
        /// FindCoordinator (10).
        public static let findCoordinator = APIKey(rawValue: 10)
        /// JoinGroup (11).
        public static let joinGroup = APIKey(rawValue: 11)
        /// Heartbeat (12).
        public static let heartbeat = APIKey(rawValue: 12)
        /// SyncGroup (14).
        public static let syncGroup = APIKey(rawValue: 14)
        /// InitProducerId (22).
        public static let initProducerID = APIKey(rawValue: 22)
    }

    /// The bootstrap string for clients of this cluster.
    public let bootstrap: String
    /// How many brokers (ids 1...brokers).
    public let brokers: Int
    private let host: RDKafkaClient
    /// Owned by `host`'s handle: destroyed explicitly in deinit, before the handle.
    private let cluster: MockClusterPointer

    /// Starts a cluster of `brokers` brokers.
    /// - Parameters:
    ///   - groupInitialRebalanceDelay: how long a new group waits for more members before its first assignment
    ///     (the broker's `group.initial.rebalance.delay.ms`); short by default so tests are quick.
    ///   - logger: where the cluster's log lines go.
    /// - Throws: `KafkaError` if librdkafka cannot start it.
    public init(brokers: Int = 3, groupInitialRebalanceDelay: Duration = .milliseconds(100),
                logger: Logger = Logger(label: "kafka.mock", level: .warning)) throws(KafkaError) {
        let context = ClientContext(logger: logger, onStatistics: nil)
        host = try RDKafkaClient(kind: .producer, properties: [("client.id", "mock-cluster-host")], context: context)
        guard let pointer = rd_kafka_mock_cluster_new(host.pointer, Int32(brokers)) else {
            throw KafkaError(code: .invalidArgument, reason: "could not start a mock cluster of \(brokers) brokers")
        }
        cluster = MockClusterPointer(pointer: pointer)
        bootstrap = String(cString: rd_kafka_mock_cluster_bootstraps(pointer))
        self.brokers = brokers
        rd_kafka_mock_group_initial_rebalance_delay_ms(pointer, Int32(groupInitialRebalanceDelay.milliseconds))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
    }

    /// Creates a topic.
    /// - Throws: `KafkaError` if the mock refuses (e.g. it already exists).
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let err = rd_kafka_mock_topic_create(cluster.pointer, name, Int32(partitions), Int32(replicationFactor))
        if let error = KafkaError.check(err, "create mock topic '\(name)'") { throw error }
    }

    /// Makes the next `errors.count` requests of this kind fail, one error each, in order (on whichever broker).
    public func pushRequestErrors(_ api: APIKey, _ errors: [KafkaErrorCode]) {
        let codes = errors.map { $0.rd }
        rd_kafka_mock_push_request_errors_array(cluster.pointer, api.rawValue, codes.count, codes)
    }

    /// Forgets the pushed errors of this request kind.
    public func clearRequestErrors(_ api: APIKey) {
        rd_kafka_mock_clear_request_errors(cluster.pointer, api.rawValue)
    }

    /// Takes a broker down: its connections are closed and new ones refused, until `setBrokerUp`.
    public func setBrokerDown(_ broker: Int32) throws(KafkaError) {
        if let error = KafkaError.check(rd_kafka_mock_broker_set_down(cluster.pointer, broker), "broker \(broker) down") {
            throw error
        }
    }

    /// Brings a broker back up.
    public func setBrokerUp(_ broker: Int32) throws(KafkaError) {
        if let error = KafkaError.check(rd_kafka_mock_broker_set_up(cluster.pointer, broker), "broker \(broker) up") {
            throw error
        }
    }

    /// Delays every response of a broker by this round-trip time.
    public func setRoundTripTime(_ broker: Int32, _ rtt: Duration) throws(KafkaError) {
        let err = rd_kafka_mock_broker_set_rtt(cluster.pointer, broker, Int32(rtt.milliseconds))
        if let error = KafkaError.check(err, "broker \(broker) rtt") { throw error }
    }

    /// Moves a partition's leadership to a broker (clients find out from errors and metadata).
    public func setPartitionLeader(_ partition: TopicPartition, broker: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_partition_set_leader(cluster.pointer, partition.topic, partition.partition, broker)
        if let error = KafkaError.check(err, "leader of \(partition)") { throw error }
    }

    /// Moves a consumer group's coordinator to a broker.
    public func setGroupCoordinator(_ group: String, broker: Int32) throws(KafkaError) {
        let err = rd_kafka_mock_coordinator_set(cluster.pointer, "group", group, broker)
        if let error = KafkaError.check(err, "coordinator of group '\(group)'") { throw error }
    }

    /// Makes metadata requests report this error for a topic (`.noError` clears it).
    public func setTopicError(_ topic: String, _ error: KafkaErrorCode) {
        rd_kafka_mock_topic_set_error(cluster.pointer, topic, error.rd)
    }
}

/// The `rd_kafka_mock_cluster_t` pointer. Sendable: librdkafka's mock API may be called from any thread (each call
/// is handed to the cluster's own thread).
struct MockClusterPointer: @unchecked Sendable {
    let pointer: OpaquePointer
}
