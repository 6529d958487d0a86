import Support

/// The metric families a `Worker` updates, registered once in a `Metrics` registry that several workers may share.
public struct WorkerMetrics: Sendable {
    /// Records polled from the input topic.
    public let recordsConsumed: CounterFamily
    /// Log entries written, by action and status.
    public let changesApplied: CounterFamily
    /// Records sent to the dead-letter topic.
    public let deadLetters: CounterFamily
    /// Seconds from poll to committed, per batch.
    public let batchSeconds: HistogramFamily
    /// Assignment changes, by kind (assigned, revoked, lost).
    public let rebalances: CounterFamily
    /// Batches tried again after a store or broker failure.
    public let retries: CounterFamily
    /// Partitions sent back to the first missing offset after the consumer skipped records.
    public let gapSeeks: CounterFamily
    /// Next offset the store holds per partition (lag = end offset minus this; see `tenantsync lag`).
    public let appliedOffset: GaugeFamily
    /// Records of each owned partition not yet applied: the high watermark of the last fetch minus the next offset
    /// the store holds. Set to 0 when the partition leaves this worker, so a sum over the fleet counts each once.
    public let lag: GaugeFamily

    /// Registers the families in `metrics`.
    public init(_ metrics: Metrics) {
        recordsConsumed = metrics.counter("tenantsync_worker_records_consumed_total", help: "records polled from the input topic")
        changesApplied = metrics.counter("tenantsync_worker_changes_applied_total",
                                         help: "provisioning log entries written, by action and status",
                                         labels: ["action", "status"])
        deadLetters = metrics.counter("tenantsync_worker_dead_letters_total", help: "records sent to the dead-letter topic")
        batchSeconds = metrics.histogram("tenantsync_worker_batch_seconds", help: "seconds from poll to commit per batch")
        rebalances = metrics.counter("tenantsync_worker_rebalances_total", help: "assignment changes", labels: ["kind"])
        retries = metrics.counter("tenantsync_worker_batch_retries_total", help: "batches retried after a store or broker failure")
        gapSeeks = metrics.counter("tenantsync_worker_gap_seeks_total",
                                   help: "partitions read again from the first missing offset after the consumer skipped records")
        appliedOffset = metrics.gauge("tenantsync_worker_applied_offset", help: "next offset to apply, per partition, as the store holds it",
                                      labels: ["partition"])
        lag = metrics.gauge("tenantsync_worker_lag_records",
                            help: "records not yet applied per owned partition (last fetched high watermark minus applied offset)",
                            labels: ["partition"])
    }
}
