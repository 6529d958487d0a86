internal import CRdKafka

/// Owns a reference to one of a client's queues (`rd_kafka_queue_t`), released in deinit.
///
/// Holds the client strongly: the queue reference must be released before the handle is destroyed. Sendable:
/// librdkafka queues are thread-safe.
final class RDKafkaQueue: @unchecked Sendable {
    let pointer: OpaquePointer
    private let client: RDKafkaClient

    /// The consumer queue (records, rebalances and errors of a consumer).
    init(consumer client: RDKafkaClient) {
        self.client = client
        self.pointer = rd_kafka_queue_get_consumer(client.pointer)
    }

    /// A new private queue (for admin results).
    init(new client: RDKafkaClient) {
        self.client = client
        self.pointer = rd_kafka_queue_new(client.pointer)
    }

    deinit {
        rd_kafka_queue_destroy(pointer)
    }
}
