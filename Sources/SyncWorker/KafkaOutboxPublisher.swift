import Kafka

/// Publishes outbox messages with a `KafkaProducer` (idempotent by default) and waits for their delivery reports.
///
/// - Important: It owns the producer's delivery reports: no one else may `poll` or `flush` that producer. Blocking:
///   call it from the worker's plain thread, not from the Swift concurrency pool.
public final class KafkaOutboxPublisher: OutboxPublisher {
    /// The producer.
    public let producer: KafkaProducer
    /// The provisioning-log topic.
    public let logTopic: String
    /// The dead-letter topic.
    public let deadLetterTopic: String
    /// How long one `publish` waits for all its reports.
    public let deliveryTimeout: Duration

    /// Creates a publisher.
    /// - Parameters:
    ///   - producer: a producer this publisher alone polls.
    ///   - logTopic: default `provisioning-log`; `deadLetterTopic`: default `directory-changes.dlq`.
    ///   - deliveryTimeout: the longest `publish` waits for delivery reports (default 60 s).
    public init(producer: KafkaProducer, logTopic: String = "provisioning-log",
                deadLetterTopic: String = "directory-changes.dlq", deliveryTimeout: Duration = .seconds(60)) {
        self.producer = producer
        self.logTopic = logTopic
        self.deadLetterTopic = deadLetterTopic
        self.deliveryTimeout = deliveryTimeout
    }

    /// Sends every message and returns once each is delivered.
    /// - Throws: `KafkaError` when a message cannot be enqueued or reports are missing after `deliveryTimeout`;
    ///   `DeliveryError` for the first message the broker did not take.
    public func publish(_ messages: [OutboxMessage]) throws {
        var pending = Set<UInt64>()
        pending.reserveCapacity(messages.count)
        for m in messages {
            let topic = m.destination == .log ? logTopic : deadLetterTopic
            pending.insert(try producer.send(ProducerRecord(topic: topic, key: m.key, value: m.value, headers: m.headers)))
        }
        var failure: DeliveryError?
        func take(_ reports: [DeliveryReport]) {
            for r in reports where pending.remove(r.id) != nil {
                if failure == nil, let error = r.error { failure = error }
            }
        }
        take(try producer.flush(timeout: deliveryTimeout))
        // Reports served while `send` waited for queue room are handed out by the next poll.
        take(producer.poll())
        if let failure { throw failure }
        guard pending.isEmpty else {
            throw KafkaError(code: .timedOut, reason: "outbox: \(pending.count) of \(messages.count) messages not reported after \(deliveryTimeout)")
        }
    }
}
