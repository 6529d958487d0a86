import Kafka

/// One message of an outbox row: a provisioning-log entry or a dead letter, ready to publish.
public struct OutboxMessage: Sendable, Hashable {
    /// Which topic a message goes to; the relay's publisher maps it to a topic name.
    public enum Destination: UInt8, Sendable, Hashable {
        /// The provisioning log (`provisioning-log`), keyed by target tenant.
        case log = 0
        /// The dead-letter topic (`directory-changes.dlq`), with the input record's key and value unchanged.
        case deadLetter = 1
    }

    /// Where the message goes.
    public var destination: Destination
    /// The record key (nil: none).
    public var key: [UInt8]?
    /// The record value.
    public var value: [UInt8]
    /// The record headers (dead letters carry their reason here).
    public var headers: [KafkaHeader]

    /// Creates a message.
    public init(destination: Destination, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.destination = destination
        self.key = key
        self.value = value
        self.headers = headers
    }
}
