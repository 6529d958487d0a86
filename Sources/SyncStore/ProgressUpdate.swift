/// A fenced move of one partition's progress, applied in a batch's transaction.
///
/// The transaction fails with `StoreError.progressConflict` and writes nothing unless the stored next offset is
/// `expected` (nil: no progress recorded yet). A worker that lost its partitions in a rebalance, or a batch
/// delivered twice, is stopped by this fence.
public struct ProgressUpdate: Sendable, Hashable {
    /// The partition.
    public var partition: PartitionKey
    /// The next offset the store must hold before the batch (nil: none recorded).
    public var expected: Int64?
    /// The next offset to apply after the batch (the batch's last offset plus one).
    public var next: Int64

    /// Creates an update.
    public init(partition: PartitionKey, expected: Int64?, next: Int64) {
        self.partition = partition
        self.expected = expected
        self.next = next
    }
}
