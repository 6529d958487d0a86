internal import CRdKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`): broker protocol errors are positive, client-local ones negative.
///
/// The named constants are the ones this project acts on; any other code still round-trips through `rawValue`.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric `rd_kafka_resp_err_t` value.
    public var rawValue: Int32

    /// Wraps a numeric `rd_kafka_resp_err_t` value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ err: rd_kafka_resp_err_t) { self.rawValue = err.rawValue }

    var rd: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

    /// librdkafka's symbolic name without the `RD_KAFKA_RESP_ERR_` prefix, e.g. `NOT_ENOUGH_REPLICAS` or `_MSG_TIMED_OUT`.
    public var name: String { String(cString: rd_kafka_err2name(rd)) }

    /// librdkafka's human-readable text for the code.
    public var text: String { String(cString: rd_kafka_err2str(rd)) }

    /// `name(rawValue)`.
    public var description: String { "\(name)(\(rawValue))" }

    /// No error.
    public static let noError = KafkaErrorCode(rawValue: 0)
    /// Local: invalid argument or configuration.
    public static let invalidArgument = KafkaErrorCode(rawValue: -186)
    /// Local: the producer queue is full.
    public static let queueFull = KafkaErrorCode(rawValue: -184)
    /// Local: an operation timed out.
    public static let timedOut = KafkaErrorCode(rawValue: -185)
    /// Local: a message timed out before delivery (`message.timeout.ms`).
    public static let messageTimedOut = KafkaErrorCode(rawValue: -192)
    /// Local: all brokers are down.
    public static let allBrokersDown = KafkaErrorCode(rawValue: -187)
    /// Local: transport failure.
    public static let transport = KafkaErrorCode(rawValue: -195)
    /// Local: unknown topic.
    public static let unknownTopicLocal = KafkaErrorCode(rawValue: -188)
    /// Local: unknown partition.
    public static let unknownPartitionLocal = KafkaErrorCode(rawValue: -190)
    /// Local: a fatal error; the client must be recreated.
    public static let fatal = KafkaErrorCode(rawValue: -150)
    /// Local: the instance or operation was destroyed or closed.
    public static let destroyed = KafkaErrorCode(rawValue: -197)
    /// Local: the partition assignment was lost.
    public static let assignmentLost = KafkaErrorCode(rawValue: -142)
    /// Local: no offset to commit.
    public static let noOffset = KafkaErrorCode(rawValue: -168)
    /// Broker: unknown topic or partition.
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    /// Broker: the broker is not the leader for that partition.
    public static let notLeaderForPartition = KafkaErrorCode(rawValue: 6)
    /// Broker: request timed out.
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    /// Broker: coordinator load in progress.
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    /// Broker: coordinator not available.
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    /// Broker: not coordinator.
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    /// Broker: not enough in-sync replicas.
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    /// Broker: not enough in-sync replicas after append.
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(rawValue: 20)
    /// Broker: the group generation is no longer valid.
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    /// Broker: unknown member id.
    public static let unknownMemberID = KafkaErrorCode(rawValue: 25)
    /// Broker: group rebalance in progress.
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    /// Broker: the topic already exists.
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    /// Broker: out-of-order sequence number (idempotent producer).
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    /// Broker: duplicate sequence number (idempotent producer).
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    /// Broker: leader not available.
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
}
