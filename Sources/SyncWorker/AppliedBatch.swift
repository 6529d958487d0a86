import SyncCore

/// What `BatchApplier.apply(_:)` did with one batch.
public struct AppliedBatch: Sendable, Hashable {
    /// How the batch ended.
    public enum Outcome: Sendable, Hashable {
        /// The store transaction committed: rows, progress and the outbox row together.
        case applied
        /// Every record was below the stored progress (a re-delivery): nothing was written.
        case alreadyApplied
        /// Another worker moved a partition's progress first (it owns the partition now): nothing was written.
        /// The cached progress was refreshed from the store; do not commit offsets for this batch.
        case fenced(partition: Int32)
    }

    /// How the batch ended.
    public var outcome: Outcome
    /// Records in the batch.
    public var records: Int
    /// Records skipped because their offset was below the partition's stored progress.
    public var skipped: Int
    /// Records the engine applied (duplicates by `seq` included: their log entries are skips).
    public var applied: Int
    /// Records sent to the dead-letter topic (undecodable or rejected).
    public var deadLetters: Int
    /// Provisioning-log entries written to the outbox.
    public var logEntries: Int
    /// Store rows written or deleted (source mirror, target users, tenant states).
    public var rowsChanged: Int
    /// The next offset to consume per partition of the batch, as the store holds it now: what to commit to Kafka.
    public var nextOffsets: [Int32: Int64]

    /// The action and status of a log entry, for counting.
    public struct EntryKind: Sendable, Hashable {
        /// The entry's action.
        public var action: ProvisioningAction
        /// The entry's status.
        public var status: ProvisioningStatus
        /// Creates a kind.
        public init(action: ProvisioningAction, status: ProvisioningStatus) {
            self.action = action
            self.status = status
        }
    }

    /// Log entries written, counted by action and status.
    public var entryKinds: [EntryKind: Int]

    /// Creates a result.
    public init(outcome: Outcome, records: Int, skipped: Int = 0, applied: Int = 0, deadLetters: Int = 0,
                logEntries: Int = 0, rowsChanged: Int = 0, nextOffsets: [Int32: Int64] = [:],
                entryKinds: [EntryKind: Int] = [:]) {
        self.entryKinds = entryKinds
        self.outcome = outcome
        self.records = records
        self.skipped = skipped
        self.applied = applied
        self.deadLetters = deadLetters
        self.logEntries = logEntries
        self.rowsChanged = rowsChanged
        self.nextOffsets = nextOffsets
    }

    /// Whether the store now holds this batch (applied now or before): the caller may commit `nextOffsets`.
    public var isDurable: Bool {
        switch outcome {
        case .applied, .alreadyApplied: true
        case .fenced: false
        }
    }
}
