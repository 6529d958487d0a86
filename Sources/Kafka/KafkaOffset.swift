/// librdkafka's special offsets, for `assign`, `seek` and rebalance start offsets.
public enum KafkaOffset {
    /// The oldest record still in the partition.
    public static let beginning: Int64 = -2
    /// After the newest record.
    public static let end: Int64 = -1
    /// The group's committed offset (or `auto.offset.reset` when there is none).
    public static let stored: Int64 = -1000
    /// No offset.
    public static let invalid: Int64 = -1001
}
