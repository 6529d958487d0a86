/// Publishes the messages of one outbox row: the relay's view of a Kafka producer.
public protocol OutboxPublisher: AnyObject {
    /// Sends every message (in order per destination and key) and returns only once all were delivered.
    /// - Throws: when any message was not delivered; the relay then keeps the row and tries it again later, so
    ///   messages may be delivered more than once (log entry ids let readers drop repeats).
    func publish(_ messages: [OutboxMessage]) throws
}
