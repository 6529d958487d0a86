/// The outcome of one `KafkaProducer.send`: where the record landed, or why it could not be delivered.
public struct DeliveryReport: Sendable {
    /// The id `send` returned for the record.
    public var id: UInt64
    /// The topic of the record.
    public var topic: String
    /// The partition it was (or would have been) written to; -1 when none was chosen.
    public var partition: Int32
    /// Its offset when delivered and known; -1 otherwise.
    public var offset: Int64
    /// Why delivery failed, with the record, or nil when the record was delivered.
    public var error: DeliveryError?

    /// Whether the record was delivered.
    public var isDelivered: Bool { error == nil }
}

/// A record the producer gave up on (after its own retries), with the record so the caller can act on it.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    /// Why it failed.
    public var error: KafkaError
    /// The record, as it was sent.
    public var record: ProducerRecord

    /// Creates a delivery error.
    public init(error: KafkaError, record: ProducerRecord) {
        self.error = error
        self.record = record
    }

    /// `delivery to TOPIC failed: ...`.
    public var description: String { "delivery to \(record.topic) failed: \(error)" }
}
