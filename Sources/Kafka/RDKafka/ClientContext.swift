internal import CRdKafka
import Support
import Synchronization

/// What librdkafka's callbacks reach through the handle's opaque pointer: the logger, the statistics handler and,
/// for consumers, the rebalance handler and the set of partitions revoked during the current poll.
///
/// Sendable: `logger` and the handlers are immutable Sendable values; the mutable state is behind `state`'s Mutex.
final class ClientContext: Sendable {
    struct State {
        weak var consumer: KafkaConsumer?
        var revokedDuringPoll: Set<TopicPartition> = []
    }

    let logger: Logger
    let onStatistics: (@Sendable (String) -> Void)?
    let onRebalance: KafkaConsumer.RebalanceHandler?
    let state = Mutex(State())
    /// Delivery reports gathered by the callback, until the producer hands them out.
    let deliveries = Mutex(DeliveryBuffer())

    init(logger: Logger, onStatistics: (@Sendable (String) -> Void)?,
         onRebalance: KafkaConsumer.RebalanceHandler? = nil) {
        self.logger = logger
        self.onStatistics = onStatistics
        self.onRebalance = onRebalance
    }

    func takeDeliveries() -> [DeliveryReport] {
        deliveries.withLock { buffer in
            defer { buffer.reports = [] }
            return buffer.reports
        }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// syslog levels (0 emergency ... 7 debug) to ours.
    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}

// C callbacks: non-capturing functions that find the context through the handle's opaque pointer.

/// Called from librdkafka's internal threads (any time while the handle exists).
let rdkafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    rk, level, facility, message in
    guard let rk, let context = ClientContext.from(rd_kafka_opaque(rk)) else { return }
    let fac = facility.map { String(cString: $0) } ?? ""
    let text = message.map { String(cString: $0) } ?? ""
    context.logger.log(ClientContext.level(syslog: level), text, metadata: ["facility": fac])
}

/// Called on the polling thread.
let rdkafkaErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    _, err, reason, opaque in
    guard let context = ClientContext.from(opaque) else { return }
    let code = KafkaErrorCode(rawValue: err)
    let text = reason.map { String(cString: $0) } ?? code.text
    // Transport and all-brokers-down errors are reported often while a broker restarts and librdkafka recovers.
    let level: Logger.Level = code == .fatal ? .error : .warning
    context.logger.log(level, text, metadata: ["error": code.name])
}

/// Called on the polling thread.
let rdkafkaStatisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, json, length, opaque in
    guard let json, let context = ClientContext.from(opaque), let handler = context.onStatistics else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: json, count: length), as: UTF8.self)
    handler(text)
    return 0  // librdkafka frees the buffer
}

/// Reports gathered by `rdkafkaDeliveryCallback`, and the last topic name seen (to make one String per topic).
struct DeliveryBuffer {
    var reports: [DeliveryReport] = []
    var lastTopic: String = ""
}

/// Called on the thread inside `rd_kafka_poll` or `rd_kafka_flush`, once per record.
let rdkafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?,
                                             UnsafeMutableRawPointer?) -> Void = { _, message, opaque in
    guard let message, let context = ClientContext.from(opaque) else { return }
    let m = message.pointee
    let name = rd_kafka_topic_name(m.rkt)!
    context.deliveries.withLock { buffer in
        if !sameText(buffer.lastTopic, name) { buffer.lastTopic = String(cString: name) }
        let topic = buffer.lastTopic
        let id = UInt64(UInt(bitPattern: m._private))
        var report = DeliveryReport(id: id, topic: topic, partition: m.partition, offset: m.offset, error: nil)
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let code = KafkaErrorCode(m.err)
            let error = KafkaError(code: code, reason: "delivery to \(topic) failed: \(code.text)")
            report.error = DeliveryError(error: error, record: KafkaProducer.record(from: message, topic: topic))
            report.offset = -1
        }
        buffer.reports.append(report)
    }
}

/// Whether a Swift string and a NUL-terminated C string hold the same bytes (without building a String).
func sameText(_ string: String, _ cString: UnsafePointer<CChar>) -> Bool {
    var i = 0
    for byte in string.utf8 {
        if cString[i] == 0 || UInt8(bitPattern: cString[i]) != byte { return false }
        i += 1
    }
    return cString[i] == 0
}
