import Foundation

/// A change with where it came from (topic partition and offset, for deterministic log ids) and when it was processed.
public struct ChangeRecord: Sendable, Hashable {
    /// The change.
    public var change: ChangeEvent
    /// The topic partition of the input record.
    public var partition: Int32
    /// The offset of the input record.
    public var offset: Int64
    /// The processing time stamped on log entries (`time`); decisions never read it.
    public var processedAt: Date

    /// Creates a record.
    public init(change: ChangeEvent, partition: Int32, offset: Int64, processedAt: Date) {
        self.change = change
        self.partition = partition
        self.offset = offset
        self.processedAt = processedAt
    }
}
