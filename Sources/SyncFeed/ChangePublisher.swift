/// Where feed commands send change events: the Kafka producer in production, a recorder in tests.
///
/// Implementations need not be thread-safe: one feed command uses one publisher from one thread.
public protocol ChangePublisher {
    /// Queues one record keyed by its source tenant; may block while the local queue is full.
    /// - Throws: when the record can never be sent (too large, producer fatally failed).
    mutating func publish(key: [UInt8], value: [UInt8]) throws
    /// Waits until every queued record is acknowledged by the broker.
    /// - Throws: when any record failed for good; nothing reported as sent may be lost.
    mutating func flush() throws
}
