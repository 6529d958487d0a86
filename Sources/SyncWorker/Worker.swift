import Dispatch
import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import Synchronization

/// One member of the worker fleet: a plain thread that polls `directory-changes`, applies each batch to the store
/// (`BatchApplier`), publishes its log entries and dead letters (`OutboxRelay`) and then commits the offsets.
///
/// The store is the truth: on assignment a partition resumes at the offset the store holds, a failed commit is only
/// logged, and a store or broker failure retries the same batch (partitions paused, capped exponential backoff),
/// never skipping it. `stop()` then `join()` stops polling, finishes the batch, relays, commits and leaves the group.
///
/// Thread-safety: `start`, `stop` and `join` may be called from any thread; the loop owns the store and clients.
public final class Worker: Sendable {
    /// The settings.
    public let configuration: WorkerConfiguration
    private let makeStore: @Sendable () throws -> any DirectoryStore
    private let logger: Logger
    private let metrics: WorkerMetrics
    private let state = Mutex<RunState>(RunState())
    private let finished = DispatchGroup()

    private struct RunState {
        var started = false
        var stopRequested = false
        var failure: String?
    }

    /// Creates a worker; nothing runs until `start()`.
    /// - Parameters:
    ///   - configuration: topics, group and timings.
    ///   - metrics: the registry its metric families are added to (shared by the workers of a process).
    ///   - logger: where it logs.
    ///   - makeStore: opens the store connection the worker thread owns (called on that thread).
    public init(configuration: WorkerConfiguration, metrics: Metrics, logger: Logger,
                makeStore: @escaping @Sendable () throws -> any DirectoryStore) {
        self.configuration = configuration
        self.makeStore = makeStore
        self.logger = logger
        self.metrics = WorkerMetrics(metrics)
    }

    /// Starts the worker thread. Idempotent.
    public func start() {
        let first = state.withLock { s in
            defer { s.started = true }
            return !s.started
        }
        guard first else { return }
        finished.enter()
        let thread = Thread { [self] in
            defer { finished.leave() }
            do {
                try run()
            } catch {
                logger.error("worker stopped on an error", metadata: ["error": "\(error)"])
                state.withLock { $0.failure = "\(error)" }
            }
        }
        thread.name = "tenantsync-worker"
        thread.start()
    }

    /// Asks the worker to stop: it finishes the batch in hand, relays, commits and leaves the group.
    public func stop() {
        state.withLock { $0.stopRequested = true }
    }

    /// Waits until the worker thread has ended.
    /// - Parameter timeout: the longest wait.
    /// - Returns: whether it ended in time.
    @discardableResult
    public func join(timeout: Duration = .seconds(60)) -> Bool {
        let ms = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return finished.wait(timeout: .now() + .milliseconds(ms)) == .success
    }

    /// Why the loop ended, if it ended on an error rather than on `stop()`.
    public var failure: String? { state.withLock { $0.failure } }

    private var stopRequested: Bool { state.withLock { $0.stopRequested } }

    // MARK: - The loop

    private func run() throws {
        let config = configuration
        let store = try makeStore()
        let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: config.bootstrap), logger: logger)
        let publisher = KafkaOutboxPublisher(producer: producer, logTopic: config.logTopic,
                                             deadLetterTopic: config.deadLetterTopic, deliveryTimeout: config.deliveryTimeout)
        let applier = BatchApplier(store: store, group: config.group, topic: config.inputTopic,
                                   workerName: config.workerName, clock: config.clock,
                                   processingTime: config.processingTime)
        let pipeline = WorkerPipeline(WorkerPipeline.Parts(applier: applier, relay: OutboxRelay(store: store, publisher: publisher)))

        // Rows a previous run committed but did not publish.
        var backoff = Backoff(initial: config.retryInitial, maximum: config.retryMaximum)
        while !stopRequested {
            do {
                try pipeline.with { _ = try $0.relay.relay() }
                break
            } catch {
                logger.warning("relaying pending outbox rows failed; retrying", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: seconds(backoff.next()))
            }
        }

        let consumer = try KafkaConsumer(config: config.consumerConfig, logger: logger) { [pipeline, logger, metrics] _, event in
            Self.rebalance(event, pipeline: pipeline, logger: logger, metrics: metrics)
        }
        try consumer.subscribe([config.inputTopic])
        logger.info("worker started", metadata: ["group": config.group, "topic": config.inputTopic])

        backoff.reset()
        var paused: [TopicPartition] = []
        var stopDeadline: ContinuousClock.Instant?
        var batchStart = ContinuousClock.now
        var gaps = GapGuard()
        while true {
            if stopRequested && stopDeadline == nil { stopDeadline = .now + config.stopTimeout }
            let pendingCount = try pipeline.with { $0.pending.count }
            if let deadline = stopDeadline, pendingCount == 0 || ContinuousClock.now >= deadline { break }
            if pendingCount == 0 {
                let records = try consumer.poll(maxRecords: config.maxBatch, timeout: config.pollTimeout)
                try updateLag(pipeline, consumer: consumer)
                if records.isEmpty { continue }
                batchStart = .now
                metrics.recordsConsumed.labels().increment(by: UInt64(records.count))
                let inputs = try contiguous(records, pipeline: pipeline, consumer: consumer, gaps: &gaps)
                try pipeline.with { $0.pending = inputs }
            }
            do {
                try processPending(pipeline, consumer: consumer)
                metrics.batchSeconds.labels().observe(ContinuousClock.now - batchStart)
                backoff.reset()
                if !paused.isEmpty {
                    let assigned = Set((try? consumer.assignment()) ?? [])
                    try? consumer.resume(paused.filter { assigned.contains($0) })
                    paused = []
                }
            } catch {
                metrics.retries.labels().increment()
                let delay = backoff.next()
                logger.warning("batch failed; retrying the same batch", metadata: ["error": "\(error)", "delayMs": "\(delay.components.seconds * 1000)"])
                if paused.isEmpty, let assigned = try? consumer.assignment() {
                    try? consumer.pause(assigned)
                    paused = assigned
                }
                // Polling while paused keeps the membership alive and serves rebalances; records of partitions
                // assigned meanwhile (not paused) join the batch in hand, in order.
                let extra = try consumer.poll(maxRecords: config.maxBatch, timeout: delay)
                try updateLag(pipeline, consumer: consumer)
                if !extra.isEmpty {
                    metrics.recordsConsumed.labels().increment(by: UInt64(extra.count))
                    let inputs = try contiguous(extra, pipeline: pipeline, consumer: consumer, gaps: &gaps)
                    try pipeline.with { $0.pending += inputs }
                }
            }
        }

        // Graceful end: what was applied is relayed and committed, then the group is left.
        do {
            try pipeline.with { _ = try $0.relay.relay() }
        } catch {
            logger.warning("relay at stop failed; the rows stay in the outbox for the next run", metadata: ["error": "\(error)"])
        }
        let assigned = (try? consumer.assignment()) ?? []
        if !assigned.isEmpty {
            let next = (try? pipeline.with { try $0.applier.nextOffsets(partitions: assigned.map(\.partition)) }) ?? [:]
            var offsets: [TopicPartition: Int64] = [:]
            for (p, o) in next { offsets[TopicPartition(config.inputTopic, p)] = o }
            if !offsets.isEmpty {
                do { try consumer.commit(offsets) } catch {
                    logger.info("commit at stop failed (the store keeps the progress)", metadata: ["error": "\(error)"])
                }
            }
        }
        try consumer.close()
        _ = try? producer.flush(timeout: .seconds(5))
        logger.info("worker stopped")
    }

    /// Applies the batch in hand, relays, commits; clears it once durable or abandoned.
    /// - Throws: a store or broker failure: the batch stays in hand to be tried again.
    private func processPending(_ pipeline: WorkerPipeline, consumer: KafkaConsumer) throws {
        let topic = configuration.inputTopic
        let result = try pipeline.with { parts -> AppliedBatch in
            let result = try parts.applier.apply(parts.pending)
            if case .fenced = result.outcome {
                // Another worker moved progress first: read every partition of the batch from the store again.
                let partitions = Array(Set(parts.pending.map(\.partition)))
                parts.applier.resetProgress(partitions: partitions)
            }
            return result
        }
        if case .fenced(let partition) = result.outcome {
            logger.notice("batch fenced: another worker applied partition \(partition) first; re-seeking")
            let partitions = try pipeline.with { parts -> [Int32] in
                defer { parts.pending = [] }
                return Array(Set(parts.pending.map(\.partition))).sorted()
            }
            let assigned = Set(try consumer.assignment())
            let next = try pipeline.with { parts -> [Int32: Int64] in
                let next = try parts.applier.nextOffsets(partitions: partitions)
                for p in partitions where parts.owned[p] != nil { parts.owned[p] = .some(next[p]) }
                return next
            }
            var seeks: [TopicPartition: Int64] = [:]
            for p in partitions where assigned.contains(TopicPartition(topic, p)) {
                seeks[TopicPartition(topic, p)] = next[p] ?? KafkaOffset.beginning
            }
            if !seeks.isEmpty { try consumer.seek(seeks) }
            return
        }
        try pipeline.with { _ = try $0.relay.relay() }
        try pipeline.with { $0.pending = [] }
        metrics.deadLetters.labels().increment(by: UInt64(result.deadLetters))
        for (kind, count) in result.entryKinds {
            metrics.changesApplied.labels(kind.action.rawValue, kind.status.rawValue).increment(by: UInt64(count))
        }
        var offsets: [TopicPartition: Int64] = [:]
        for (p, o) in result.nextOffsets {
            offsets[TopicPartition(topic, p)] = o
            metrics.appliedOffset.labels(String(p)).set(Double(o))
        }
        try pipeline.with { parts in
            for (p, o) in result.nextOffsets where parts.owned[p] != nil { parts.owned[p] = o }
        }
        try updateLag(pipeline, consumer: consumer)
        if !offsets.isEmpty {
            do { try consumer.commitAsync(offsets) } catch {
                logger.info("commit failed (the store keeps the progress)", metadata: ["error": "\(error)"])
            }
        }
    }

    private static func rebalance(_ event: RebalanceEvent, pipeline: WorkerPipeline, logger: Logger,
                                  metrics: WorkerMetrics) -> [TopicPartition: Int64] {
        switch event {
        case .assigned(let partitions):
            metrics.rebalances.labels("assigned").increment()
            guard !partitions.isEmpty else { return [:] }
            let numbers = partitions.map(\.partition)
            do {
                let next = try pipeline.with { parts -> [Int32: Int64] in
                    parts.applier.resetProgress(partitions: numbers)
                    let next = try parts.applier.nextOffsets(partitions: numbers)
                    for p in numbers { parts.owned[p] = .some(next[p]) }
                    return next
                }
                var starts: [TopicPartition: Int64] = [:]
                for tp in partitions { if let o = next[tp.partition] { starts[tp] = o } }
                logger.info("partitions assigned", metadata: ["partitions": "\(numbers.sorted())", "resumeAt": "\(next)"])
                return starts
            } catch {
                // The applier still skips what the store holds; reading from the committed offset is safe.
                logger.warning("store progress unreadable at assignment; starting at the committed offsets",
                               metadata: ["error": "\(error)"])
                return [:]
            }
        case .revoked(let partitions), .lost(let partitions):
            metrics.rebalances.labels(event == .revoked(partitions) ? "revoked" : "lost").increment()
            let numbers = Set(partitions.map(\.partition))
            try? pipeline.with { parts in
                parts.applier.resetProgress(partitions: Array(numbers))
                parts.pending.removeAll { numbers.contains($0.partition) }
                for p in numbers { parts.owned[p] = nil }
            }
            for p in numbers { metrics.lag.labels(String(p)).set(0) }
            logger.info("partitions \(event == .revoked(partitions) ? "revoked" : "lost")", metadata: ["partitions": "\(numbers.sorted())"])
            return [:]
        }
    }

    /// Keeps, per partition, the records that continue where the worker expects them: right after what the store
    /// holds (or the batch in hand); a partition with a gap is sent back to its first missing offset (`GapGuard`).
    private func contiguous(_ records: [ConsumerRecord], pipeline: WorkerPipeline, consumer: KafkaConsumer,
                            gaps: inout GapGuard) throws -> [InputRecord] {
        let expected: [Int32: Int64] = try pipeline.with { parts in
            var expected: [Int32: Int64] = [:]
            for case let (p, next?) in parts.owned { expected[p] = next }
            for r in parts.pending { expected[r.partition] = max(expected[r.partition] ?? 0, r.offset + 1) }
            return expected
        }
        let inputs = records.map {
            InputRecord(partition: $0.partition, offset: $0.offset, key: $0.key.map(Array.init), value: Array($0.value ?? []))
        }
        let checked = gaps.check(inputs, expected: expected)
        if !checked.rewind.isEmpty {
            let assigned = Set(try consumer.assignment())
            var seeks: [TopicPartition: Int64] = [:]
            for (p, offset) in checked.rewind where assigned.contains(TopicPartition(configuration.inputTopic, p)) {
                seeks[TopicPartition(configuration.inputTopic, p)] = offset
                gaps.sought(partition: p, to: offset)
            }
            metrics.gapSeeks.labels().increment(by: UInt64(seeks.count))
            logger.warning("records skipped by the consumer; reading the partitions again from the first missing offset",
                           metadata: ["seeks": "\(seeks.map { "\($0.key.partition):\($0.value)" }.sorted())"])
            if !seeks.isEmpty { try consumer.seek(seeks) }
        }
        return checked.kept
    }

    /// Sets the lag gauge of every owned partition from the watermarks of the last fetch (no request is made).
    private func updateLag(_ pipeline: WorkerPipeline, consumer: KafkaConsumer) throws {
        let owned = try pipeline.with { $0.owned }
        for (p, next) in owned {
            guard let marks = consumer.cachedWatermarks(of: TopicPartition(configuration.inputTopic, p)) else { continue }
            metrics.lag.labels(String(p)).set(Double(max(0, marks.high - (next ?? marks.low))))
        }
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
