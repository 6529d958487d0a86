import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import Testing
@testable import SyncWorker

/// The fleet's input: a generated feed of many tenants, published to `directory-changes` the way a producer would
/// (keyed by tenant), plus the records a misbehaving producer adds (undecodable bytes without a key, changes with
/// another tenant's key, data changes published a second time); and the reference model computed over it.
struct FleetFeed: Sendable {
    /// A record as the workers will read it.
    struct Placed: Sendable {
        var partition: Int32
        var offset: Int64
        var key: [UInt8]?
        var value: [UInt8]
    }

    /// What the generator wrote.
    var summary: FeedSummary
    /// Partitions of `directory-changes`.
    var partitions: Int
    /// The records in publish order, with the partition and offset the broker gave them.
    var placed: [Placed] = []
    /// Changes published twice on purpose (a data change at a second offset).
    var republished = 0
    /// Changes published under another tenant's key on purpose.
    var misKeyed = 0

    /// Generates the feed's lines.
    static func generate(_ options: FeedGeneratorOptions) throws -> (lines: [[UInt8]], summary: FeedSummary) {
        var lines: [[UInt8]] = []
        var generator = FeedGenerator(options: options)
        let summary = try generator.generate { lines.append($0) }
        return (lines, summary)
    }

    /// Publishes the generated lines to `directory-changes` in order and records where each landed.
    ///
    /// A decodable line is keyed by its tenant (the partitioner keeps a tenant in one partition). An undecodable one
    /// goes without a key to partition `index % partitions`. Every 997th data change is published once more right
    /// after the next 50 lines (a duplicate at a later offset), and every 1,499th line once more under another
    /// tenant's key: both are what a real producer can do, and the workers must apply the first once and
    /// dead-letter the second.
    ///
    /// With `slices` above 1 the records go out in that many equal slices a second apart, a stream the workers
    /// consume while it is published.
    init(options: FeedGeneratorOptions, partitions: Int32, bootstrap: String, slices: Int = 1, logger: Logger) throws {
        let (lines, summary) = try Self.generate(options)
        self.summary = summary
        self.partitions = Int(partitions)
        let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: bootstrap), logger: logger)
        var outgoing: [ProducerRecord] = []
        outgoing.reserveCapacity(lines.count + lines.count / 500)
        var pending: [(due: Int, record: ProducerRecord)] = []
        var tenants: [String] = []
        for (index, line) in lines.enumerated() {
            while let first = pending.first, first.due <= index {
                outgoing.append(first.record)
                pending.removeFirst()
            }
            guard let change = try? ChangeCodec.decode(line) else {
                outgoing.append(ProducerRecord(topic: "directory-changes", partition: Int32(index % Int(partitions)), value: line))
                continue
            }
            if !tenants.contains(change.tenantId) { tenants.append(change.tenantId) }
            let record = ProducerRecord(topic: "directory-changes", key: Array(change.tenantId.utf8), value: line)
            outgoing.append(record)
            if change.seq != nil, index % 997 == 0 {
                pending.append((index + 50, record))
                republished += 1
            }
            if index % 1_499 == 0, tenants.count > 1 {
                let other = tenants.first { $0 != change.tenantId }!
                outgoing.append(ProducerRecord(topic: "directory-changes", key: Array(other.utf8), value: line))
                misKeyed += 1
            }
        }
        outgoing += pending.map(\.record)

        var indexBySend: [UInt64: Int] = [:]
        indexBySend.reserveCapacity(outgoing.count)
        var reports: [DeliveryReport] = []
        let sliceSize = (outgoing.count + slices - 1) / max(1, slices)
        for (index, record) in outgoing.enumerated() {
            if index > 0 && index % sliceSize == 0 {
                reports += try producer.flush(timeout: .seconds(120))
                Thread.sleep(forTimeInterval: 1)
            }
            indexBySend[try producer.send(record)] = index
            if index % 10_000 == 0 { reports += producer.poll() }
        }
        reports += try producer.flush(timeout: .seconds(120))
        reports += producer.poll()
        placed = outgoing.map { Placed(partition: -1, offset: -1, key: $0.key, value: $0.value ?? []) }
        for report in reports {
            if let error = report.error { throw error }
            guard let index = indexBySend.removeValue(forKey: report.id) else { continue }
            placed[index].partition = report.partition
            placed[index].offset = report.offset
        }
        guard indexBySend.isEmpty else { throw FleetError("\(indexBySend.count) records have no delivery report") }
    }

    /// The next offset of every partition once the whole feed is applied.
    var endOffsets: [Int32: Int64] {
        var ends: [Int32: Int64] = [:]
        for r in placed { ends[r.partition] = max(ends[r.partition] ?? 0, r.offset + 1) }
        return ends
    }
}

/// The state and log the domain core alone computes from the feed, record by record in publish order, with the
/// worker's rules for what becomes a dead letter (undecodable, key not the tenant, rejected by the engine).
struct FleetReference: Sendable {
    var state = DirectoryState()
    /// Log entries by id, encoded.
    var entries: [String: [UInt8]] = [:]
    /// The input record (partition, offset) of each entry, for failure messages.
    var entrySources: [String: [Int64]] = [:]
    /// Entries produced in all (each id once: a repeat would be a change applied twice).
    var entryCount = 0
    /// Dead letters by (partition, offset).
    var deadLetters: Set<[Int64]> = []
    /// Records applied (not dead-lettered), duplicates included.
    var applied = 0
    /// What went wrong in the reference itself (computed off the test's task, checked by the test).
    var problems: [String] = []

    init(_ feed: FleetFeed) {
        // Consecutive good records go to the engine together (the same as one at a time: it decides in order).
        var chunk: [ChangeRecord] = []
        func flush(_ chunk: inout [ChangeRecord], into reference: inout FleetReference) {
            for (outcome, record) in zip(Engine.apply(chunk, to: &reference.state), chunk) {
                switch outcome {
                case .applied(let list):
                    reference.applied += 1
                    for e in list {
                        let encoded = LogEntryCodec.encode(e)
                        reference.entrySources[e.id] = [Int64(record.partition), record.offset]
                        if let earlier = reference.entries.updateValue(encoded, forKey: e.id) {
                            reference.problems.append("the reference logged id \(e.id) twice (\(earlier == encoded ? "same" : "different") bytes)")
                        }
                    }
                    reference.entryCount += list.count
                case .rejected:
                    reference.deadLetters.insert([Int64(record.partition), record.offset])
                }
            }
            chunk.removeAll(keepingCapacity: true)
        }
        for r in feed.placed {
            guard let change = try? ChangeCodec.decode(r.value), BatchApplier.keyMismatch(r.key, tenantId: change.tenantId) == nil else {
                flush(&chunk, into: &self)
                deadLetters.insert([Int64(r.partition), r.offset])
                continue
            }
            chunk.append(ChangeRecord(change: change, partition: r.partition, offset: r.offset, processedAt: change.occurredAt))
            if chunk.count == 1_000 { flush(&chunk, into: &self) }
        }
        flush(&chunk, into: &self)
    }
}

/// Publishes a feed and computes its reference on a thread of its own, so the test can kill workers meanwhile.
final class FeedPublication: @unchecked Sendable {  // `result` is guarded by `lock`.
    private let lock = NSLock()
    private var outcome: Result<(FleetFeed, FleetReference), any Error>?

    init(_ make: @escaping @Sendable () throws -> FleetFeed) {
        let thread = Thread { [self] in
            let result = Result { () throws -> (FleetFeed, FleetReference) in
                let feed = try make()
                return (feed, FleetReference(feed))
            }
            lock.withLock { outcome = result }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The feed and its reference once published, nil before.
    var result: Result<(FleetFeed, FleetReference), any Error>? { lock.withLock { outcome } }
}

/// A fleet test setup failure.
struct FleetError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
