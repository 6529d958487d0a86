extension BatchApplier {
    /// The time a batch's log entries are stamped with.
    public enum ProcessingTime: Sendable, Hashable {
        /// The applier's clock when the batch is applied (the worker's default).
        case clock
        /// Each change's own `occurredAt`: reruns produce identical entries (`simulate`).
        case occurredAt
    }
}
