import Foundation
import Kafka
import Support
import SyncFeed
import SyncStore
import SyncWorker

/// `tenantsync bench` (the pipeline stage): a generated feed through real workers into a fresh SQLite store, next to
/// a loop doing the same I/O without decoding or domain logic (`SameIOBaseline`), in one run against one cluster.
///
/// The run, in order:
/// 1. Topics of their own (names with a random suffix): the input topic (`partitions`), a log topic, a dead-letter
///    topic, and the baseline's log topic.
/// 2. A feed from `FeedGenerator` (`tenants` tenants in one organization with shares: its initial load, then churn)
///    of `events` records is published keyed by source tenant and acknowledged before any worker starts.
/// 3. Throughput: `workers` in-process `Worker`s in one group apply the backlog to a new SQLite store. The clock runs
///    from the first partition assignment (the group join before it is not counted) to the moment the last batch is
///    done: its store transaction committed and its log entries delivered (offsets are committed right after,
///    asynchronously, as the worker does; every commit is checked at the end).
/// 4. Latency: the feed goes on with `latencyEvents` more records published at a steady rate, half the measured
///    throughput, while the workers keep up. Each record's latency is from its producer timestamp (set when it is
///    sent, in ms) to the moment its batch is done as above.
/// 5. The baseline (`SameIOBaseline`) reads the records of step 2 again and writes as many rows and log records as
///    the workers did in step 3, in batches of the same size.
///
/// Not thread-safe: one run at a time; it blocks for the whole run.
public struct PipelineBenchmark: Sendable {
    /// The cluster.
    public var bootstrap: String
    /// What to call the broker in the report (`tansu`, `external`).
    public var brokerName: String
    /// A folder for the SQLite files (the caller creates and removes it).
    public var directory: URL
    /// Records of the feed measured for throughput (initial load included). Default 200,000.
    public var events: Int = 200_000
    /// Workers in the group. Default 1.
    public var workers: Int = 1
    /// Partitions of the input topic. Default 12, like `topics/directory-changes`.
    public var partitions: Int = 12
    /// Tenants of the generated organization. Default 3: each change has two possible targets, the shape of the
    /// C reference job (`kafka-on-this-machine.md`: source mirror and two targets).
    public var tenants: Int = 3
    /// The feed's seed. Default 1.
    public var seed: UInt64 = 1
    /// Records per worker batch (and per baseline batch). Default 500, the worker's default.
    public var maxBatch: Int = 500
    /// Whether to draw progress lines on a terminal's standard error.
    public var showProgress = false

    /// A benchmark with the defaults.
    public init(bootstrap: String, brokerName: String, directory: URL) {
        self.bootstrap = bootstrap
        self.brokerName = brokerName
        self.directory = directory
    }

    /// Records published at a steady rate for the latency figures: a twentieth of `events`, between 200 and 10,000.
    public var latencyEvents: Int { min(10_000, max(200, events / 20)) }

    /// The smallest `events` a run accepts (the feed's initial load must fit).
    public static let minimumEvents = 1_000

    /// What the baseline is, as the report says.
    public static let baselineWhat = "same I/O (consume, upserts, log records) without decoding or domain logic"

    /// What one run measured.
    public struct Outcome: Sendable {
        /// The `pipeline` report.
        public var report: BenchReport
        /// Rows the workers' store transactions wrote for the measured records (and the baseline upserted).
        public var rows: Int
        /// Log records the workers delivered for them (and the baseline produced).
        public var logRecords: Int
        /// The average log record size in bytes (the baseline's record size).
        public var logBytes: Int
        /// Records of the feed's initial load (organization, users, groups, memberships, shares), counted in `events`.
        public var setupRecords: Int
        /// Records of the latency phase.
        public var latencyEvents: Int
        /// Their publishing rate, records per second.
        public var latencyRate: Double

        /// A few lines on what was measured, for the text output.
        public func notes() -> [String] {
            let per = Double(report.events)
            return [
                "pipeline: \(report.events) records (the feed's initial load of \(setupRecords) included), "
                    + "\(report.workers ?? 1) worker(s); "
                    + "\(rows) rows written (\(String(format: "%.2f", Double(rows) / per)) per record), \(logRecords) log "
                    + "records of \(logBytes) bytes on average (\(String(format: "%.2f", Double(logRecords) / per)) per record)",
                "latency: \(latencyEvents) more records published at \(Int(latencyRate.rounded()))/s, producer timestamp "
                    + "to batch done (stored and log delivered)",
            ]
        }
    }

    /// Runs the whole benchmark.
    /// - Throws: `KafkaError`, `StoreError`, or `PipelineBenchError` when a worker failed, records were not all
    ///   applied or committed, or the baseline lost records.
    public func run(logger: Logger) throws -> Outcome {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let input = "bench-changes-\(suffix)"
        let logTopic = "bench-log-\(suffix)"
        let deadLetters = "bench-dlq-\(suffix)"
        let baselineLog = "bench-baseline-log-\(suffix)"
        let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: logger)
        _ = try admin.createTopics([
            KafkaAdmin.TopicSpec(name: input, partitions: partitions),
            KafkaAdmin.TopicSpec(name: logTopic, partitions: TopicCatalog.provisioningLog.partitions),
            KafkaAdmin.TopicSpec(name: deadLetters, partitions: 1),
            KafkaAdmin.TopicSpec(name: baselineLog, partitions: TopicCatalog.provisioningLog.partitions),
        ])
        func ends(_ topic: String, count: Int, holding records: Int? = nil) throws -> [Int32: Int64] {
            try endOffsets(topic, partitions: count, holding: records, logger: logger)
        }

        // 2. The feed: the measured records are published now, the latency phase's are kept for later.
        let (options, setupRecords) = try Self.feedOptions(events: events, extra: latencyEvents, tenants: tenants, seed: seed)
        var generator = FeedGenerator(options: options)
        var publisher = FeedPublisher(publisher: try KafkaChangePublisher(bootstrap: bootstrap, topic: input, logger: logger))
        var tail: [[UInt8]] = []
        tail.reserveCapacity(latencyEvents)
        var lines = 0
        let publishing = ProgressLine(label: "bench: publish", enabled: showProgress)
        _ = try generator.generate { line in
            lines += 1
            if lines <= events {
                try publisher.submit(line, number: lines)
                publishing.update(done: lines, total: events)
            } else {
                tail.append(line)
            }
        }
        var published = try publisher.finish()
        publishing.finish()
        guard published.rejected.isEmpty, published.published == events else {
            throw PipelineBenchError("the generated feed published \(published.published) of \(events) records "
                + "(\(published.rejected.count) rejected)")
        }
        let measuredEnds = try ends(input, count: partitions, holding: events)

        // 3. Throughput: the workers drain the backlog.
        let recorder = ApplyRecorder()
        let location = StoreLocation.sqlite(path: directory.appendingPathComponent("pipeline.db").path)
        var configuration = WorkerConfiguration(bootstrap: bootstrap)
        configuration.group = "tenantsync-bench-\(suffix)"
        configuration.inputTopic = input
        configuration.logTopic = logTopic
        configuration.deadLetterTopic = deadLetters
        configuration.maxBatch = maxBatch
        // The group forms in about half the session timeout on Tansu: not measured, but a shorter one keeps the run
        // short (heartbeats come from librdkafka's own thread, so a busy worker is not thrown out).
        configuration.sessionTimeout = .seconds(3)
        configuration.heartbeatInterval = .milliseconds(300)
        let metrics = Metrics()
        let storeLogger = logger.labeled("store")
        let fleet = (0..<workers).map { i in
            var c = configuration
            c.workerName = "bench-\(i)"
            return Worker(configuration: c, metrics: metrics, logger: logger.labeled("worker-\(i)")) {
                MeteredStore(try openStore(location, logger: storeLogger), recorder: recorder)
            }
        }
        for worker in fleet { worker.start() }
        defer {
            for worker in fleet { worker.stop() }
            for worker in fleet { worker.join(timeout: .seconds(30)) }
        }
        let applying = ProgressLine(label: "bench: apply", enabled: showProgress)
        try wait(until: measuredEnds, recorder: recorder, fleet: fleet) {
            applying.update(done: Int(recorder.recordsDone), total: events)
        }
        applying.finish()
        guard let started = recorder.firstAssignment,
              let finished = recorder.done.map(\.doneAt).max() else {
            throw PipelineBenchError("no batch was recorded")
        }
        let seconds = (finished - started).seconds
        let rows = recorder.rowsWritten
        let logRecords = Int(try ends(logTopic, count: TopicCatalog.provisioningLog.partitions).values.reduce(0, +))
        let deadLetterCount = try ends(deadLetters, count: 1).values.reduce(0, +)
        guard deadLetterCount == 0 else {
            throw PipelineBenchError("\(deadLetterCount) records of the generated feed were dead-lettered")
        }

        // 4. Latency: the rest of the feed at a steady rate while the workers keep up.
        let rate = min(20_000, max(50, Double(events) / max(seconds, 1e-3) / 2))
        let pace = ContinuousClock.now
        for (i, line) in tail.enumerated() {
            let wait = pace + .seconds(Double(i) / rate) - .now
            if wait > .milliseconds(1) { Thread.sleep(forTimeInterval: wait.seconds) }
            try publisher.submit(line, number: events + i + 1)
        }
        published = try publisher.finish()
        guard published.published == events + tail.count, published.rejected.isEmpty else {
            throw PipelineBenchError("the latency phase published \(published.published - events) of \(tail.count) records")
        }
        let allEnds = try ends(input, count: partitions, holding: events + tail.count)
        try wait(until: allEnds, recorder: recorder, fleet: fleet) {}
        for worker in fleet { worker.stop() }
        for worker in fleet where !worker.join(timeout: .seconds(30)) {
            throw PipelineBenchError("a worker did not stop within 30 s")
        }
        if let failure = fleet.compactMap(\.failure).first { throw PipelineBenchError("a worker failed: \(failure)") }
        let latencies = try latencyMs(topic: input, from: measuredEnds, to: allEnds, done: recorder.done, logger: logger)

        // Every offset committed, every log record readable.
        let committed = try admin.groupOffsets(group: configuration.group, topics: [input])
        for (p, end) in allEnds where end > 0 && committed[TopicPartition(input, p)] != end {
            throw PipelineBenchError("partition \(p): committed offset \(committed[TopicPartition(input, p)] ?? -1), expected \(end)")
        }
        let log = try readSizes(topic: logTopic, ends: try ends(logTopic, count: TopicCatalog.provisioningLog.partitions),
                                logger: logger)
        let logBytes = log.records > 0 ? Int((Double(log.bytes) / Double(log.records)).rounded()) : 0

        // 5. The baseline, over the measured records.
        let baseline = SameIOBaseline(
            bootstrap: bootstrap, topic: input, ends: measuredEnds, rows: rows,
            keySpace: max(1_000, options.users * options.tenants), logRecords: logRecords, logBytes: logBytes,
            logTopic: baselineLog, group: "tenantsync-bench-baseline-\(suffix)", maxBatch: maxBatch, databasePath: directory.appendingPathComponent("baseline.db").path)
        let same = try baseline.run(logger: logger.labeled("baseline"))
        guard same.records == events, same.rows == rows, same.logRecords == logRecords else {
            throw PipelineBenchError("the baseline moved \(same.records) records, \(same.rows) rows, \(same.logRecords) log "
                + "records; expected \(events), \(rows), \(logRecords)")
        }

        let report = BenchReport(stage: "pipeline", events: events, seconds: seconds, latencyMs: latencies,
                                 baselineWhat: Self.baselineWhat, baselineEventsPerSecond: Double(events) / same.seconds,
                                 broker: brokerName, store: "sqlite", workers: workers)
        return Outcome(report: report, rows: rows, logRecords: logRecords, logBytes: logBytes, setupRecords: setupRecords,
                       latencyEvents: tail.count, latencyRate: rate)
    }

    /// The generator's options for `events + extra` records in all: the organization is sized to `events` (about one
    /// user per 50 records, at most 2,000) and the churn fills the rest.
    /// - Throws: `PipelineBenchError` when the initial load alone is larger than `events`.
    static func feedOptions(events: Int, extra: Int, tenants: Int, seed: UInt64) throws
        -> (options: FeedGeneratorOptions, setup: Int) {
        let users = min(2_000, max(tenants * 4, events / 50))
        var options = FeedGeneratorOptions(tenants: tenants, users: users, groups: max(tenants, users / 100), changes: 0,
                                           seed: seed)
        var probe = FeedGenerator(options: options)
        let setup = try probe.generate { _ in }.lines
        guard setup <= events else {
            throw PipelineBenchError("\(events) records are fewer than the feed's initial load (\(setup))")
        }
        options.changes = events + extra - setup
        return (options, setup)
    }

    /// Waits until the recorder has every partition done up to `ends`, calling `tick` every 50 ms.
    private func wait(until ends: [Int32: Int64], recorder: ApplyRecorder, fleet: [Worker], tick: () -> Void) throws {
        let deadline = ContinuousClock.now + .seconds(1_800)
        while !recorder.reached(ends) {
            if let failure = fleet.compactMap(\.failure).first { throw PipelineBenchError("a worker failed: \(failure)") }
            guard ContinuousClock.now < deadline else {
                throw PipelineBenchError("the workers applied \(recorder.recordsDone) records in 30 minutes")
            }
            tick()
            Thread.sleep(forTimeInterval: 0.005)
        }
    }

    /// p50 and p99 of the latency phase: each record's producer timestamp to the moment its batch was done.
    private func latencyMs(topic: String, from starts: [Int32: Int64], to ends: [Int32: Int64],
                           done: [ApplyRecorder.AppliedRange], logger: Logger) throws -> (p50: Double, p99: Double) {
        var stamps: [Int32: [Int64: Int64]] = [:]
        try read(topic: topic, from: starts, to: ends, logger: logger) { record in
            if let ms = record.timestampMs { stamps[record.partition, default: [:]][record.offset] = ms }
        }
        var samples: [Double] = []
        for range in done {
            guard let partition = stamps[range.partition] else { continue }
            for offset in range.first..<range.next {
                if let sent = partition[offset] { samples.append(max(0, range.doneAtMs - Double(sent))) }
            }
        }
        let expected = ends.reduce(0) { $0 + Int($1.value - (starts[$1.key] ?? 0)) }
        guard samples.count == expected, !samples.isEmpty else {
            throw PipelineBenchError("latency: \(samples.count) samples for \(expected) records")
        }
        samples.sort()
        func percentile(_ q: Double) -> Double { samples[min(samples.count - 1, Int((q * Double(samples.count)).rounded(.up)) - 1)] }
        return (percentile(0.50), percentile(0.99))
    }

    /// One past the last record of each partition of `topic`, found by reading each partition's tail from its high
    /// watermark − 1: Tansu 0.6.0 reports the high watermark after a multi-record batch as that batch's start + 1
    /// (see `LagProbe`). With `records`, reads until the ends add up to it (the producer was acknowledged, so they
    /// will); without, until every tail was read and a poll brings nothing more.
    /// - Throws: `KafkaError`; `PipelineBenchError` when the ends do not add up to `records` within 10 s.
    private func endOffsets(_ topic: String, partitions: Int, holding records: Int?, logger: Logger) throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap), logger: logger)
        defer { try? consumer.close() }
        var ends: [Int32: Int64] = [:]
        var tails: [TopicPartition: Int64] = [:]
        for p in 0..<Int32(partitions) {
            let marks = try consumer.watermarks(of: TopicPartition(topic, p))
            ends[p] = marks.high
            if marks.high > marks.low { tails[TopicPartition(topic, p)] = max(marks.low, marks.high - 1) }
        }
        func complete() -> Bool { records.map { ends.values.reduce(0, +) == Int64($0) } ?? false }
        if tails.isEmpty || complete() { return ends }
        try consumer.assign(tails)
        var pending = Set(tails.keys)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let batch = try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100))
            for record in batch {
                pending.remove(record.topicPartition)
                ends[record.partition] = max(ends[record.partition] ?? 0, record.offset + 1)
            }
            if complete() || (records == nil && batch.isEmpty && pending.isEmpty) { return ends }
        }
        guard let records else { return ends }
        throw PipelineBenchError("\(topic) holds \(ends.values.reduce(0, +)) records, not \(records)")
    }

    /// Records and value bytes of a topic from the beginning up to `ends`.
    private func readSizes(topic: String, ends: [Int32: Int64], logger: Logger) throws -> (records: Int, bytes: Int) {
        var records = 0
        var bytes = 0
        try read(topic: topic, from: [:], to: ends, logger: logger) { record in
            records += 1
            bytes += record.value?.count ?? 0
        }
        return (records, bytes)
    }

    /// Reads each partition from `starts` (default the beginning) up to `ends`.
    private func read(topic: String, from starts: [Int32: Int64], to ends: [Int32: Int64], logger: Logger,
                      _ body: (ConsumerRecord) -> Void) throws {
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap), logger: logger)
        var assignment: [TopicPartition: Int64] = [:]
        var next: [Int32: Int64] = [:]
        for (p, end) in ends where end > (starts[p] ?? 0) {
            assignment[TopicPartition(topic, p)] = starts[p] ?? KafkaOffset.beginning
            next[p] = starts[p] ?? 0
        }
        guard !assignment.isEmpty else { return try consumer.close() }
        try consumer.assign(assignment)
        let deadline = ContinuousClock.now + .seconds(120)
        while next.contains(where: { $0.value < (ends[$0.key] ?? 0) }) {
            guard ContinuousClock.now < deadline else { throw PipelineBenchError("reading \(topic) took over 2 minutes") }
            for record in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100))
            where record.offset < (ends[record.partition] ?? 0) {
                body(record)
                next[record.partition] = record.offset + 1
            }
        }
        try consumer.close()
    }
}

/// A pipeline benchmark that could not produce a meaningful figure (a worker failed, records lost or unapplied).
public struct PipelineBenchError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
