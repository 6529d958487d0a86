import CKafkaBaseline
import Foundation
import Kafka
import Support

/// `tenantsync bench --stage kafka`: produces and consumes the same records through the Swift `Kafka` module and
/// through a raw C loop over the same librdkafka (the `CKafkaBaseline` target), in one run against one cluster.
///
/// Both sides use the same librdkafka properties (taken from the Swift configurations) and write to (and read back
/// from) their own fresh topics of `partitions` partitions, in alternating rounds. Produce: idempotent, no key, `valueSize`-byte values,
/// delivery reports served every 1,000 sends, then flush. Consume: assign every partition from the beginning,
/// batches of `batchSize` (`rd_kafka_consume_batch_queue` on both sides; the Swift side also copies keys and values
/// out, as its API promises). Not thread-safe: one run at a time; it blocks for the whole run.
public struct KafkaBenchmark: Sendable {
    /// The cluster.
    public var bootstrap: String
    /// What to call the broker in the report (`tansu`, `mock`...).
    public var brokerName: String
    /// Records produced and consumed by each side. Default 1,000,000.
    public var records: Int = 1_000_000
    /// Value size in bytes. Default 300.
    public var valueSize: Int = 300
    /// Partitions of each topic. Default 6.
    public var partitions: Int = 6
    /// Records per consume batch. Default 1,000.
    public var batchSize: Int = 1000

    /// The in-process mock cluster behind `bootstrap`, if that is what runs: topics are then made through it (the
    /// mock has no controller for the Admin API).
    public var mockCluster: KafkaMockCluster?

    /// A benchmark against a cluster, with every default.
    public init(bootstrap: String, brokerName: String) {
        self.bootstrap = bootstrap
        self.brokerName = brokerName
    }

    /// Rounds the records are split into; the raw loop and the Swift module alternate (and swap who goes first)
    /// each round, so drift on a shared machine hits both alike. Default 8.
    public var rounds: Int = 8

    /// What one run measured.
    public struct Outcome: Sendable {
        /// `kafka.produce` and `kafka.consume`, each with the raw loop as baseline (wall-clock rates).
        public var reports: [BenchReport]
        /// CPU seconds (user + system, all threads of this process: the client and librdkafka's threads, not the
        /// broker) spent by each side; steadier than wall time on a shared machine.
        public var cpuSeconds: (swiftProduce: Double, rawProduce: Double, swiftConsume: Double, rawConsume: Double)

        /// One line comparing client CPU time per record.
        public func cpuText() -> String {
            func us(_ seconds: Double, _ n: Int) -> String { String(format: "%.2f", seconds * 1e6 / Double(max(n, 1))) }
            let n = reports.first?.events ?? 0
            return "kafka client CPU per record (µs): produce swift \(us(cpuSeconds.swiftProduce, n)) raw "
                + "\(us(cpuSeconds.rawProduce, n)); consume swift \(us(cpuSeconds.swiftConsume, n)) raw "
                + "\(us(cpuSeconds.rawConsume, n))"
        }
    }

    /// Runs the produce rounds, then the consume rounds, and sums each side's time.
    /// - Returns: the reports and each side's CPU time.
    /// - Throws: `KafkaError`, or `BenchmarkError` when a side lost records or could not run.
    public func run(logger: Logger) throws -> Outcome {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let rounds = max(1, min(self.rounds, records))
        let sizes = (0..<rounds).map { records / rounds + ($0 < records % rounds ? 1 : 0) }
        let rawTopics = (0..<rounds).map { "bench-raw-\(suffix)-\($0)" }
        let swiftTopics = (0..<rounds).map { "bench-swift-\(suffix)-\($0)" }
        if let mockCluster {
            for topic in rawTopics + swiftTopics { try mockCluster.createTopic(topic, partitions: partitions) }
        } else {
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: bootstrap), logger: logger)
            try admin.createTopics((rawTopics + swiftTopics).map { KafkaAdmin.TopicSpec(name: $0, partitions: partitions) })
        }

        let producerConfig = KafkaProducerConfig(bootstrapServers: bootstrap)
        let consumerConfig = KafkaConsumerConfig(bootstrapServers: bootstrap)
        var raw = (produce: 0.0, consume: 0.0)
        var swift = (produce: 0.0, consume: 0.0)
        var cpu = (swiftProduce: 0.0, rawProduce: 0.0, swiftConsume: 0.0, rawConsume: 0.0)
        for round in 0..<rounds {
            let rawFirst = round % 2 == 0
            for side in rawFirst ? [true, false] : [false, true] {
                let before = processCPUSeconds()
                if side {
                    raw.produce += try rawProduce(producerConfig.librdkafkaProperties(), topic: rawTopics[round],
                                                  count: sizes[round])
                    cpu.rawProduce += processCPUSeconds() - before
                } else {
                    swift.produce += try swiftProduce(producerConfig, logger: logger, topic: swiftTopics[round],
                                                      count: sizes[round])
                    cpu.swiftProduce += processCPUSeconds() - before
                }
            }
        }
        for round in 0..<rounds {
            let rawFirst = round % 2 == 0
            for side in rawFirst ? [true, false] : [false, true] {
                let before = processCPUSeconds()
                if side {
                    raw.consume += try rawConsume(consumerConfig.librdkafkaProperties(), topic: rawTopics[round],
                                                  count: sizes[round])
                    cpu.rawConsume += processCPUSeconds() - before
                } else {
                    swift.consume += try swiftConsume(consumerConfig, logger: logger, topic: swiftTopics[round],
                                                      count: sizes[round])
                    cpu.swiftConsume += processCPUSeconds() - before
                }
            }
        }

        let what = "raw C loop over the same librdkafka 2.8.0 calls (CKafkaBaseline)"
        return Outcome(reports: [
            BenchReport(stage: "kafka.produce", events: records, seconds: swift.produce, baselineWhat: what,
                        baselineEventsPerSecond: Double(records) / raw.produce, broker: brokerName),
            BenchReport(stage: "kafka.consume", events: records, seconds: swift.consume, baselineWhat: what,
                        baselineEventsPerSecond: Double(records) / raw.consume, broker: brokerName),
        ], cpuSeconds: cpu)
    }

    private func swiftProduce(_ config: KafkaProducerConfig, logger: Logger, topic: String, count records: Int) throws -> Double {
        let producer = try KafkaProducer(config: config, logger: logger)
        let record = ProducerRecord(topic: topic, key: nil, value: [UInt8](repeating: UInt8(ascii: "x"), count: valueSize))
        var delivered = 0
        var failed = 0
        func count(_ reports: [DeliveryReport]) {
            for report in reports { if report.isDelivered { delivered += 1 } else { failed += 1 } }
        }
        let start = ContinuousClock.now
        for i in 0..<records {
            try producer.send(record)
            if i % 1000 == 0 { count(producer.poll()) }
        }
        count(try producer.flush(timeout: .seconds(120)))
        let seconds = (ContinuousClock.now - start).seconds
        guard delivered == records else {
            throw BenchmarkError("Swift producer delivered \(delivered) of \(records) records (\(failed) failed)")
        }
        return seconds
    }

    private func swiftConsume(_ config: KafkaConsumerConfig, logger: Logger, topic: String, count records: Int) throws -> Double {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        var offsets: [TopicPartition: Int64] = [:]
        for p in 0..<partitions { offsets[TopicPartition(topic, Int32(p))] = KafkaOffset.beginning }
        let start = ContinuousClock.now
        try consumer.assign(offsets)
        var consumed = 0
        var bytes = 0
        while consumed < records, (ContinuousClock.now - start) < .seconds(120) {
            let batch = try consumer.poll(maxRecords: batchSize, timeout: .milliseconds(100))
            consumed += batch.count
            for record in batch { bytes += record.value?.count ?? 0 }
        }
        let seconds = (ContinuousClock.now - start).seconds
        try consumer.close()
        guard consumed == records, bytes == records * valueSize else {
            throw BenchmarkError("Swift consumer read \(consumed) of \(records) records (\(bytes) bytes)")
        }
        return seconds
    }

    private func rawProduce(_ properties: [(String, String)], topic: String, count records: Int) throws -> Double {
        var result = ckb_result()
        var errstr = [CChar](repeating: 0, count: 512)
        let status = withProperties(properties) { names, values in
            ckb_produce(names, values, properties.count, topic, Int64(records), valueSize, &result, &errstr, errstr.count)
        }
        guard status == 0 else { throw BenchmarkError("raw producer: " + text(errstr)) }
        guard result.records == Int64(records) else {
            throw BenchmarkError("raw producer delivered \(result.records) of \(records) records (\(result.failed) failed)")
        }
        return result.seconds
    }

    private func rawConsume(_ properties: [(String, String)], topic: String, count records: Int) throws -> Double {
        var result = ckb_result()
        var errstr = [CChar](repeating: 0, count: 512)
        let status = withProperties(properties) { names, values in
            ckb_consume(names, values, properties.count, topic, Int32(partitions), Int64(records), batchSize, 120,
                        &result, &errstr, errstr.count)
        }
        guard status == 0 else { throw BenchmarkError("raw consumer: " + text(errstr)) }
        guard result.records == Int64(records) else {
            throw BenchmarkError("raw consumer read \(result.records) of \(records) records")
        }
        return result.seconds
    }

    private func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A benchmark that could not produce a meaningful figure (records lost, a side failed).
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

/// Calls `body` with C arrays of the property names and values (valid during the call).
private func withProperties<R>(_ properties: [(String, String)],
                               _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let names = properties.map { strdup($0.0) }
    let values = properties.map { strdup($0.1) }
    defer { (names + values).forEach { free($0) } }
    let n = names.map { UnsafePointer($0) }
    let v = values.map { UnsafePointer($0) }
    return n.withUnsafeBufferPointer { np in v.withUnsafeBufferPointer { vp in body(np.baseAddress!, vp.baseAddress!) } }
}

/// User plus system CPU seconds of this process so far (every thread).
private func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
