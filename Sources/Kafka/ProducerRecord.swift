/// A record to publish: topic, optional explicit partition, key, value and headers.
public struct ProducerRecord: Sendable {
    /// The topic to publish to.
    public var topic: String
    /// An explicit partition, or nil to let the partitioner choose from the key (`consistent_random` by default).
    public var partition: Int32?
    /// The key; records with the same key go to the same partition.
    public var key: [UInt8]?
    /// The value; nil publishes a tombstone.
    public var value: [UInt8]?
    /// Headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a record from bytes.
    public init(topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]?,
                headers: [KafkaHeader] = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Creates a record from UTF-8 strings.
    public init(topic: String, partition: Int32? = nil, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(topic: topic, partition: partition, key: key.map { Array($0.utf8) }, value: Array(value.utf8),
                  headers: headers)
    }
}
