import Kafka
import Synchronization

/// The worker thread's non-thread-safe parts (applier, relay, the batch in hand), behind one `Mutex` so that the
/// rebalance handler, which librdkafka runs inside `poll` on that same thread, can reach them too.
final class WorkerPipeline: Sendable {
    struct Parts {
        var applier: BatchApplier
        var relay: OutboxRelay
        /// The batch polled and not yet durable (kept across retries); records of revoked partitions are dropped.
        var pending: [InputRecord] = []
        /// The partitions this worker owns, with the next offset the store holds for each (nil: none recorded yet,
        /// so the partition starts at its beginning). Kept for the lag metric.
        var owned: [Int32: Int64?] = [:]
    }

    private let parts: Mutex<Parts>

    init(_ parts: sending Parts) {
        self.parts = Mutex(parts)
    }

    /// Runs `body` with the parts; never call `poll` from it.
    func with<R: Sendable>(_ body: (inout Parts) throws -> R) throws -> R {
        try parts.withLock { (p: inout sending Parts) throws -> R in try body(&p) }
    }
}
