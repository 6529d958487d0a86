/// A consumed record. Its key and value are slices of one buffer shared by the whole batch it came in, copied once
/// out of librdkafka's memory; holding a record keeps that buffer alive.
public struct ConsumerRecord: Sendable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition.
    public var offset: Int64
    /// Its timestamp in milliseconds since the epoch, when the broker or producer set one.
    public var timestampMs: Int64?
    /// The key bytes, or nil for a null key.
    public var key: ArraySlice<UInt8>?
    /// The value bytes, or nil for a tombstone.
    public var value: ArraySlice<UInt8>?
    /// Headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a record (for tests and fakes; the consumer builds them from librdkafka messages).
    public init(topic: String, partition: Int32, offset: Int64, timestampMs: Int64? = nil, key: ArraySlice<UInt8>?,
                value: ArraySlice<UInt8>?, headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestampMs = timestampMs
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The topic-partition it came from.
    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    /// The key decoded as UTF-8 (lossy), or nil.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }

    /// The value decoded as UTF-8 (lossy), or nil.
    public var valueString: String? { value.map { String(decoding: $0, as: UTF8.self) } }

    /// The first header with that name, or nil.
    public func header(_ key: String) -> KafkaHeader? { headers.first { $0.key == key } }
}
