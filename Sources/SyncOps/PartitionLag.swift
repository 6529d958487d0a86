/// The lag of one consumer group on one partition.
public struct PartitionLag: Sendable, Equatable {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// The group's committed offset (next offset it will read); nil when it committed none.
    public var committed: Int64?
    /// The end offset: one past the last record (see ``LagProbe`` for how it is found).
    public var end: Int64
    /// The high watermark as the broker reported it.
    public var highWatermark: Int64

    /// Creates a row.
    public init(topic: String, partition: Int32, committed: Int64?, end: Int64, highWatermark: Int64) {
        self.topic = topic
        self.partition = partition
        self.committed = committed
        self.end = end
        self.highWatermark = highWatermark
    }

    /// Records not yet consumed: end − committed (never negative); nil without a committed offset.
    public var lag: Int64? { committed.map { max(0, end - $0) } }
}
