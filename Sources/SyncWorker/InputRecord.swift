/// One record of `directory-changes` as the worker polled it, copied out of the Kafka client by the caller.
public struct InputRecord: Sendable, Hashable {
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in that partition.
    public var offset: Int64
    /// Its key (the source tenant id, by the routing rules), unchanged.
    public var key: [UInt8]?
    /// Its value (a change event), unchanged.
    public var value: [UInt8]

    /// Creates a record.
    public init(partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]) {
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
    }
}
