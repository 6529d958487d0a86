import Kafka
import Support

/// A `ChangePublisher` over Kafka: an idempotent producer, records keyed by source tenant, and a `flush` that
/// returns only once every record has its delivery report.
///
/// A failed delivery is never dropped: it is kept and thrown from the next `publish` or `flush` as a
/// `PublishError` naming the record. Not thread-safe (one feed command uses it from one thread).
public struct KafkaChangePublisher: ChangePublisher {
    /// The producer (shared so commands can read `inFlight`).
    public let producer: KafkaProducer
    /// The topic records go to.
    public let topic: String
    /// Records published so far.
    public private(set) var sent = 0
    /// Records acknowledged by the broker so far.
    public private(set) var delivered = 0
    private var failures: [DeliveryError] = []
    private let flushTimeout: Duration

    /// Creates a publisher with an idempotent producer (`acks=all`).
    /// - Parameters:
    ///   - bootstrap: Kafka bootstrap servers.
    ///   - topic: the topic, `directory-changes` by default.
    ///   - logger: where the producer's logs go.
    ///   - configure: adjusts the producer settings (idempotence stays on).
    /// - Throws: `KafkaError` for bad configuration.
    public init(bootstrap: String, topic: String = TopicCatalog.directoryChanges.name, logger: Logger,
                configure: (inout KafkaProducerConfig) -> Void = { _ in }) throws(KafkaError) {
        var config = KafkaProducerConfig(bootstrapServers: bootstrap)
        configure(&config)
        config.idempotent = true
        config.acks = .all
        self.producer = try KafkaProducer(config: config, logger: logger)
        self.topic = topic
        // Past the message timeout librdkafka reports every record as failed, so flush always ends.
        self.flushTimeout = config.messageTimeout + .seconds(30)
    }

    /// Queues one record; every 1,000 records it collects the delivery reports that arrived.
    /// - Throws: `KafkaError` when the record cannot be queued; `PublishError` when an earlier record failed.
    public mutating func publish(key: [UInt8], value: [UInt8]) throws {
        try producer.send(ProducerRecord(topic: topic, key: key, value: value))
        sent += 1
        if sent % 1000 == 0 {
            collect(producer.poll())
            if !failures.isEmpty { throw PublishError(failures: failures) }
        }
    }

    /// Waits for the delivery report of every record published so far.
    /// - Throws: `PublishError` naming the failed records; `KafkaError` `_TIMED_OUT` if reports never came.
    public mutating func flush() throws {
        collect(try producer.flush(timeout: flushTimeout))
        // flush returns once the queue is empty; reports served meanwhile may still sit in the poll buffer.
        collect(producer.poll())
        if !failures.isEmpty { throw PublishError(failures: failures) }
        if delivered != sent {
            throw KafkaError(code: .timedOut, reason: "flush: \(sent - delivered) of \(sent) records have no delivery report")
        }
    }

    private mutating func collect(_ reports: [DeliveryReport]) {
        for report in reports {
            if let error = report.error { failures.append(error) } else { delivered += 1 }
        }
    }
}
