internal import CRdKafka

/// Owns an `rd_kafka_conf_t` until `rd_kafka_new` takes it (then `release()` forgets it) or until deinit frees it.
/// Not Sendable: built and consumed on one thread during client creation.
final class RDKafkaConfig {
    private(set) var pointer: OpaquePointer?

    /// A configuration with every property set, in order.
    /// - Throws: `KafkaError` (`_INVALID_ARG`) naming the unknown property or the bad value.
    init(_ properties: [(String, String)]) throws(KafkaError) {
        pointer = rd_kafka_conf_new()
        for (name, value) in properties {
            var errstr = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(pointer, name, value, &errstr, errstr.count)
            let detail = String(decoding: errstr.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            switch result {
            case RD_KAFKA_CONF_OK: continue
            case RD_KAFKA_CONF_UNKNOWN:
                throw KafkaError.configuration("unknown configuration property '\(name)': \(detail)")
            default:
                throw KafkaError.configuration("invalid value '\(value)' for configuration property '\(name)': \(detail)")
            }
        }
    }

    /// Hands ownership to librdkafka (after a successful `rd_kafka_new`).
    func release() { pointer = nil }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }
}

/// The text of a NUL-terminated error buffer librdkafka filled.
func errorText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
