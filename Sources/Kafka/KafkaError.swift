internal import CRdKafka

/// An error from the Kafka client, as a value a caller can act on.
///
/// `code` is librdkafka's code (its `name` is the `rd_kafka_resp_err_t` name), `reason` says what failed in words
/// (naming the property, topic or partition when there is one), `isRetriable` says whether trying the same operation
/// again may succeed, `isFatal` whether the client must be recreated.
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error code.
    public var code: KafkaErrorCode
    /// What failed, in words.
    public var reason: String
    /// Whether the same operation may succeed if tried again.
    public var isRetriable: Bool
    /// Whether the client is unusable and must be recreated.
    public var isFatal: Bool

    /// Creates an error.
    /// - Parameters:
    ///   - code: librdkafka's code.
    ///   - reason: what failed; librdkafka's text for the code when empty.
    ///   - isRetriable: nil derives it from the code.
    ///   - isFatal: whether the client must be recreated.
    public init(code: KafkaErrorCode, reason: String = "", isRetriable: Bool? = nil, isFatal: Bool = false) {
        self.code = code
        self.reason = reason.isEmpty ? code.text : reason
        self.isRetriable = isRetriable ?? KafkaError.retriableCodes.contains(code)
        self.isFatal = isFatal
    }

    /// The `rd_kafka_resp_err_t` name of `code`, e.g. `_MSG_TIMED_OUT`.
    public var name: String { code.name }

    /// `Kafka error NAME: reason`.
    public var description: String { "Kafka error \(code.name): \(reason)" }

    /// A configuration error naming the property.
    static func configuration(_ reason: String) -> KafkaError {
        KafkaError(code: .invalidArgument, reason: reason, isRetriable: false)
    }

    /// Converts an owned `rd_kafka_error_t` (destroying it), or returns nil for NULL.
    static func consuming(_ error: OpaquePointer?, context: String) -> KafkaError? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        let code = KafkaErrorCode(rd_kafka_error_code(error))
        let text = String(cString: rd_kafka_error_string(error))
        return KafkaError(code: code, reason: "\(context): \(text)",
                          isRetriable: rd_kafka_error_is_retriable(error) != 0,
                          isFatal: rd_kafka_error_is_fatal(error) != 0)
    }

    /// Wraps a plain `rd_kafka_resp_err_t`, or returns nil for NO_ERROR.
    static func check(_ err: rd_kafka_resp_err_t, _ context: @autoclosure () -> String) -> KafkaError? {
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let code = KafkaErrorCode(err)
        return KafkaError(code: code, reason: "\(context()): \(code.text)")
    }

    static let retriableCodes: Set<KafkaErrorCode> = [
        .queueFull, .timedOut, .messageTimedOut, .allBrokersDown, .transport, .notLeaderForPartition,
        .requestTimedOut, .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator, .notEnoughReplicas,
        .notEnoughReplicasAfterAppend, .rebalanceInProgress, .leaderNotAvailable, .illegalGeneration,
        .unknownTopicOrPartition,
    ]
}
