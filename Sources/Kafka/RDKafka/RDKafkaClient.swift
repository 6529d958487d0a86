internal import CRdKafka
import Support
import Synchronization

/// Owns an `rd_kafka_t` and the context its callbacks reach through `rd_kafka_opaque`.
///
/// Lifetime: the context is retained here and handed to librdkafka unretained as the opaque pointer; `deinit`
/// destroys the handle first (which joins librdkafka's threads, the last callers of the callbacks), so the context
/// outlives every callback. Sendable: `rd_kafka_t` is thread-safe (librdkafka's documented guarantee), the
/// context guards its own state, and `consumerClosed` is atomic.
final class RDKafkaClient: @unchecked Sendable {
    enum Kind { case producer, consumer }

    let pointer: OpaquePointer
    let context: ClientContext
    private let consumerClosed = Atomic<Bool>(false)

    /// Creates a handle.
    /// - Parameters:
    ///   - setup: sets callbacks and event masks on the configuration before the handle is created.
    /// - Throws: `KafkaError` naming the property or what librdkafka refused.
    init(kind: Kind, properties: [(String, String)], context: ClientContext,
         setup: (OpaquePointer) -> Void = { _ in }) throws(KafkaError) {
        let config = try RDKafkaConfig(properties)
        let conf = config.pointer!
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdkafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdkafkaErrorCallback)
        rd_kafka_conf_set_stats_cb(conf, rdkafkaStatisticsCallback)
        setup(conf)
        var errstr = [CChar](repeating: 0, count: 512)
        let handle = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errstr, errstr.count)
        guard let handle else {
            let detail = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw KafkaError.configuration("could not create the Kafka client: \(detail)")
        }
        config.release()
        self.pointer = handle
        self.context = context
    }

    /// Leaves the group (revoking through the rebalance callback) once; later calls do nothing.
    func closeConsumer() -> KafkaError? {
        guard consumerClosed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return nil }
        return KafkaError.check(rd_kafka_consumer_close(pointer), "closing the consumer")
    }

    /// The fatal error raised on this handle, if any.
    func fatalError() -> KafkaError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(pointer, &errstr, errstr.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let detail = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KafkaError(code: KafkaErrorCode(err), reason: "fatal: \(detail)", isRetriable: false, isFatal: true)
    }

    deinit {
        rd_kafka_destroy(pointer)
    }
}
