internal import CRdKafka
import Support
import Synchronization

/// An idempotent Kafka producer: `send` enqueues without waiting for the broker, `poll` returns the delivery reports
/// that arrived since the last call, in batches, and `flush` waits for everything in flight.
///
/// Thread-safety: every method may be called from any thread (librdkafka's handle is thread-safe; reports are
/// gathered under a lock); each report is handed out once, to whichever `poll` or `flush` takes it.
/// `send`, `poll` and `flush` block (up to their timeout, or while the local queue is full): call them from a plain
/// thread, not from the Swift concurrency pool.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let nextID = Atomic<UInt64>(1)

    /// Creates a producer.
    /// - Parameters:
    ///   - config: the settings; see `KafkaProducerConfig` for defaults.
    ///   - logger: where librdkafka's logs and errors go (label `kafka` by convention).
    /// - Throws: `KafkaError` with code `_INVALID_ARG` and a reason naming the property, for bad configuration.
    public init(config: KafkaProducerConfig, logger: Logger) throws(KafkaError) {
        try config.client.validateBootstrap()
        let context = ClientContext(logger: logger, onStatistics: config.client.onStatistics)
        client = try RDKafkaClient(kind: .producer, properties: config.librdkafkaProperties(), context: context) { conf in
            // Reports are gathered by the callback (on the thread in rd_kafka_poll/flush) and handed out in batches.
            rd_kafka_conf_set_dr_msg_cb(conf, rdkafkaDeliveryCallback)
        }
    }

    /// Records enqueued or in flight, not yet reported.
    public var inFlight: Int { Int(rd_kafka_outq_len(client.pointer)) }

    /// Enqueues a record for delivery and returns its id, which its `DeliveryReport` carries.
    ///
    /// The bytes are copied; the call does not wait for the broker. When the local queue is full it blocks, serving
    /// delivery reports (kept for the next `poll`), until there is room.
    /// - Throws: `KafkaError` for a fatal producer error or a record librdkafka refuses (unknown partition, too
    ///   large); delivery failures come later in `DeliveryReport.error`.
    @discardableResult
    public func send(_ record: ProducerRecord) throws(KafkaError) -> UInt64 {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        while true {
            let err = produce(record, id: id)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { return id }
            if err == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_poll(client.pointer, 10)
                continue
            }
            if err == RD_KAFKA_RESP_ERR__FATAL, let fatal = client.fatalError() { throw fatal }
            let code = KafkaErrorCode(err)
            throw KafkaError(code: code, reason: "could not enqueue a record for \(record.topic): \(code.text)")
        }
    }

    /// Returns the delivery reports that arrived since the last call, waiting up to `timeout` for the first one.
    /// Also serves librdkafka's errors (logged) and statistics (to the handler).
    public func poll(timeout: Duration = .zero) -> [DeliveryReport] {
        var reports = client.context.takeDeliveries()
        if reports.isEmpty {
            rd_kafka_poll(client.pointer, Int32(timeout.timeoutMs))
        } else {
            rd_kafka_poll(client.pointer, 0)
        }
        reports += client.context.takeDeliveries()
        return reports
    }

    /// Waits until every record sent so far is delivered or failed, and returns the reports that arrived meanwhile.
    /// - Throws: `KafkaError` `_TIMED_OUT` if records are still in flight after `timeout` (their reports come with
    ///   a later `poll`).
    public func flush(timeout: Duration) throws(KafkaError) -> [DeliveryReport] {
        let err = rd_kafka_flush(client.pointer, Int32(timeout.timeoutMs))
        if err == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(code: .timedOut, reason: "flush: \(inFlight) records still in flight after \(timeout)")
        }
        return client.context.takeDeliveries()
    }

    private func produce(_ record: ProducerRecord, id: UInt64) -> rd_kafka_resp_err_t {
        // topic, partition, flags, opaque, key, value and the headers object: at most seven entries.
        let count = 7
        return record.topic.withCString { topic in
            withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: count) { vus in
                let base = vus.baseAddress!
                var n = 0
                func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                    (base + n).initialize(to: rd_kafka_vu_t())
                    base[n].vtype = type
                    fill(&base[n])
                    n += 1
                }
                add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                if let partition = record.partition { add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition } }
                add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id)) }
                return withOptionalBytes(record.key) { key in
                    if let key { add(RD_KAFKA_VTYPE_KEY) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count) } }
                    return withOptionalBytes(record.value) { value in
                        if let value { add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count) } }
                        if record.headers.isEmpty {
                            return produceva(base, n)
                        }
                        // Headers go in a headers object that librdkafka takes over on success.
                        let headers = rd_kafka_headers_new(record.headers.count)!
                        for header in record.headers {
                            if let bytes = header.value {
                                bytes.withUnsafeBytes { buffer in
                                    _ = rd_kafka_header_add(headers, header.key, -1, buffer.baseAddress, buffer.count)
                                }
                            } else {
                                _ = rd_kafka_header_add(headers, header.key, -1, nil, 0)
                            }
                        }
                        base[n] = rd_kafka_vu_t()
                        base[n].vtype = RD_KAFKA_VTYPE_HEADERS
                        base[n].u.headers = headers
                        let err = produceva(base, n + 1)
                        if err != RD_KAFKA_RESP_ERR_NO_ERROR { rd_kafka_headers_destroy(headers) }
                        return err
                    }
                }
            }
        }
    }

    private func produceva(_ vus: UnsafeMutablePointer<rd_kafka_vu_t>, _ count: Int) -> rd_kafka_resp_err_t {
        guard let error = rd_kafka_produceva(client.pointer, vus, count) else { return RD_KAFKA_RESP_ERR_NO_ERROR }
        defer { rd_kafka_error_destroy(error) }
        return rd_kafka_error_code(error)
    }

    /// Rebuilds the record librdkafka could not deliver (its copy of the bytes is valid during the event).
    static func record(from message: UnsafePointer<rd_kafka_message_t>, topic: String) -> ProducerRecord {
        let m = message.pointee
        let key = m.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        let value = m.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: m.len)) }
        return ProducerRecord(topic: topic, partition: m.partition >= 0 ? m.partition : nil, key: key, value: value,
                              headers: readHeaders(message))
    }
}

/// Calls `body` with the bytes of an optional array, or nil.
@inline(__always)
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBytes { body($0) }
}

/// The headers of a message (empty when it has none).
func readHeaders(_ message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
    var headers: OpaquePointer?
    guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
    var out: [KafkaHeader] = []
    var index = 0
    var name: UnsafePointer<CChar>?
    var value: UnsafeRawPointer?
    var size = 0
    while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
        let bytes = value.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) }
        out.append(KafkaHeader(key: name.map { String(cString: $0) } ?? "", value: bytes))
        index += 1
    }
    return out
}
