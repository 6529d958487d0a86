/// A change of a consumer's assignment, told to its rebalance handler on the thread that polls.
public enum RebalanceEvent: Sendable, Equatable {
    /// These partitions were added to the assignment. The handler may return start offsets for some of them.
    case assigned([TopicPartition])
    /// These partitions are about to be taken away: commit what was finished now; after the handler returns they
    /// are unassigned, and records of them still in the batch being polled are dropped.
    case revoked([TopicPartition])
    /// These partitions were lost (session timeout, fenced): committing for them will fail; another member may
    /// already own them.
    case lost([TopicPartition])
}
