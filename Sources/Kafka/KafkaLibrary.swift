internal import CRdKafka

/// Facts about the linked librdkafka.
public enum KafkaLibrary {
    /// The version of librdkafka in use, e.g. `2.8.0`.
    public static var version: String { String(cString: rd_kafka_version_str()) }
}
