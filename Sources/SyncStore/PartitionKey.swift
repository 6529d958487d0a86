/// A Kafka partition as consumed by one consumer group: the unit of worker progress.
public struct PartitionKey: Sendable, Hashable, CustomStringConvertible {
    /// The consumer group.
    public var group: String
    /// The topic.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// Creates a key.
    public init(group: String, topic: String, partition: Int32) {
        self.group = group
        self.topic = topic
        self.partition = partition
    }

    /// `group/topic[partition]`.
    public var description: String { "\(group)/\(topic)[\(partition)]" }
}
