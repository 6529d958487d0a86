import Foundation
import Kafka
import Support
import SyncCore

/// Provision on demand, the real run: publishes `provision.user` to the change feed, where the worker that owns the
/// source tenant's partition applies it like any other change (workers stay the only writers of the stores, fenced
/// on their partition progress), then collects that worker's answer: the log entries of exactly that record, or its
/// dead letter when the request was refused.
///
/// How it knows the answer is complete: an entry belongs to the record when its id is the one the core derives from
/// the record's partition and offset (`ProvisioningLogEntry.makeID`), and a worker commits the record's offset only
/// after its entries are delivered (outbox relay, then commit). So once the group's committed offset is past the
/// record, every entry is on the log below the high watermarks read then; the read goes up to them, plus one poll
/// (a fetch returns whole batches, so a watermark a broker reports too low still brings the batch it points into).
/// Should the commit lag (a failed commit is only logged by the worker), entries already seen end the wait after
/// `settle`.
///
/// Not thread-safe: one caller runs it. Blocking: call it from a plain thread, not the concurrency pool.
public final class ProvisionRun {
    /// Where to publish, what to read, how long to wait.
    public struct Settings: Sendable {
        /// Kafka bootstrap servers.
        public var bootstrap: String
        /// The workers' consumer group, whose committed offset says the record was applied. Default `tenantsync-workers`.
        public var group = "tenantsync-workers"
        /// Default `directory-changes`.
        public var inputTopic = "directory-changes"
        /// Default `provisioning-log`.
        public var logTopic = "provisioning-log"
        /// Default `directory-changes.dlq`; not read when the topic does not exist.
        public var deadLetterTopic = "directory-changes.dlq"
        /// The longest wait for the answer, from the delivery of the request. Default 30 s.
        public var timeout: Duration = .seconds(30)
        /// How long entries already seen wait for the group's commit before they are taken as the answer. Default 3 s.
        public var settle: Duration = .seconds(3)

        /// Settings with the documented defaults.
        public init(bootstrap: String) { self.bootstrap = bootstrap }
    }

    /// Where the request landed on the input topic.
    public struct Published: Sendable, Hashable {
        /// Its partition (the source tenant's).
        public var partition: Int32
        /// Its offset.
        public var offset: Int64
    }

    /// What the worker answered.
    public enum Answer: Sendable, Hashable {
        /// Applied: one entry per configuration evaluated, sorted by target tenant and configuration.
        case entries([ProvisioningLogEntry])
        /// Refused: the record was dead-lettered with this reason and code (`tenantsync.dlq.*` headers).
        case refused(reason: String, code: String)
    }

    /// The outcome of a run.
    public struct Result: Sendable, Hashable {
        /// Where the request landed.
        public var published: Published
        /// The worker's answer.
        public var answer: Answer
        /// From the delivery of the request to the complete answer.
        public var waited: Duration
    }

    // The dead-letter headers of topics/schemas/dead-letter-headers.md (written by SyncWorker.DeadLetterHeaders).
    private static let headerTopic = "tenantsync.dlq.topic"
    private static let headerPartition = "tenantsync.dlq.partition"
    private static let headerOffset = "tenantsync.dlq.offset"
    private static let headerReason = "tenantsync.dlq.reason"
    private static let headerCode = "tenantsync.dlq.code"

    private let settings: Settings
    private let logger: Logger

    /// Creates a run; nothing happens until `run`.
    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Publishes the request and waits for the worker's answer.
    /// - Parameters:
    ///   - sourceTenant: the record key and the action's source; `userId`: the source object id; `targetTenant`: only
    ///     the configurations targeting it, all of the source's when nil.
    ///   - now: the request's `occurredAt` (the engine's clock).
    ///   - progress: called while waiting, with where the request landed and how many entries arrived so far.
    /// - Throws: `OpsError` when a topic is missing, the cluster cannot be reached, the request is not delivered, or
    ///   no complete answer arrives within `timeout` (the message says what it waited for); `KafkaError` for a fatal
    ///   client error.
    public func run(sourceTenant: String, userId: String, targetTenant: String?, at now: Date,
                    progress: (Published, _ entries: Int) -> Void = { _, _ in }) throws -> Result {
        let s = settings
        let wait = Duration.seconds(10)
        // Clients first: they connect (and the producer gets its idempotence id) while the topics are looked up.
        let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: s.bootstrap), logger: logger.labeled("kafka"))
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: s.bootstrap), logger: logger.labeled("kafka"))
        defer { try? consumer.close() }
        // Watermarks come from a client that never fetches: on the reading consumer's connection they would queue
        // behind its long-polling fetches.
        let marker = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: s.bootstrap), logger: logger.labeled("kafka"))
        defer { try? marker.close() }
        let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: s.bootstrap), logger: logger.labeled("kafka"))
        _ = try partitions(of: s.inputTopic, admin, wait)
        var watched = try partitions(of: s.logTopic, admin, wait)
        if let dlq = try? partitions(of: s.deadLetterTopic, admin, wait) {
            watched += dlq
        } else {
            logger.warning("topic \(s.deadLetterTopic) not found: a refused request will only show as a timeout")
        }
        // Reading starts at the high watermarks taken before the request exists, so no record of the answer comes
        // before them. A broker that reports them too low (Tansu) only makes the read start earlier.
        let starts = try highWatermarks(watched, marker, wait)
        try consumer.assign(starts)

        let published = try publish(producer, sourceTenant: sourceTenant, userId: userId, targetTenant: targetTenant, at: now)
        let clock = ContinuousClock()
        let began = clock.now
        let deadline = began + s.timeout
        logger.debug("provision.user published", metadata: [
            "topic": "\(s.inputTopic)", "partition": "\(published.partition)", "offset": "\(published.offset)"])
        let input = TopicPartition(s.inputTopic, published.partition)

        var positions = starts
        var entries: [ProvisioningLogEntry] = []
        var seen = Set<String>()
        var firstEntry: ContinuousClock.Instant?
        var committed: Int64?
        var ends: [TopicPartition: Int64]?
        var nextCheck = clock.now
        var reachedEnds = false
        while true {
            for record in try consumer.poll(maxRecords: 1000, timeout: .milliseconds(100)) {
                positions[record.topicPartition] = record.offset + 1
                if record.topic == s.logTopic {
                    guard let value = record.value, let entry = try? LogEntryCodec.decode(Array(value)),
                          Self.belongs(entry, to: published), seen.insert(entry.id).inserted else { continue }
                    entries.append(entry)
                    if firstEntry == nil { firstEntry = clock.now }
                } else if let refusal = Self.refusal(record, of: published, topic: s.inputTopic) {
                    return Result(published: published, answer: refusal, waited: clock.now - began)
                }
            }
            progress(published, entries.count)
            if reachedEnds { break }
            if let ends {
                // One more poll after the ends: it drains the rest of a batch whose first record was the last
                // one the (possibly low) high watermark announced; fetches return whole batches.
                reachedEnds = ends.allSatisfy { positions[$0.key, default: 0] >= $0.value }
            } else if clock.now >= nextCheck {
                nextCheck = clock.now + .milliseconds(100)
                committed = (try? admin.groupOffsets(group: s.group, topics: [s.inputTopic], timeout: wait))?[input] ?? committed
                let applied = (committed ?? -1) > published.offset
                let settled = firstEntry.map { clock.now - $0 >= s.settle } ?? false
                if applied || settled {
                    if settled && !applied {
                        logger.notice("group \(s.group) has not committed past the request; taking the entries seen")
                    }
                    // Every entry was delivered before the commit: it is below these ends.
                    ends = try highWatermarks(watched, marker, wait)
                    continue
                }
            }
            if clock.now >= deadline {
                throw OpsError(timeoutMessage(published, committed: committed, applied: ends != nil, userId: userId,
                                              sourceTenant: sourceTenant))
            }
        }
        entries.sort { ($0.targetTenant, $0.configurationId) < ($1.targetTenant, $1.configurationId) }
        return Result(published: published, answer: .entries(entries), waited: clock.now - began)
    }

    /// Whether an entry is one of the record's: its id is the one derived from the record's position.
    static func belongs(_ entry: ProvisioningLogEntry, to published: Published) -> Bool {
        entry.id == ProvisioningLogEntry.makeID(
            partition: published.partition, offset: published.offset, sourceTenant: entry.sourceTenant,
            configurationId: entry.configurationId, targetTenant: entry.targetTenant, sourceId: entry.sourceId)
    }

    /// The refusal a dead letter carries, when it is the dead letter of the request.
    static func refusal(_ record: ConsumerRecord, of published: Published, topic: String) -> Answer? {
        func text(_ name: String) -> String? { record.header(name)?.value.map { String(decoding: $0, as: UTF8.self) } }
        guard text(headerTopic) == topic, text(headerPartition) == String(published.partition),
              text(headerOffset) == String(published.offset) else { return nil }
        return .refused(reason: text(headerReason) ?? "no reason given", code: text(headerCode) ?? "")
    }

    private func publish(_ producer: KafkaProducer, sourceTenant: String, userId: String, targetTenant: String?,
                         at now: Date) throws -> Published {
        let s = settings
        let event = ChangeEvent(tenantId: sourceTenant, seq: nil, occurredAt: now,
                                kind: .admin(.provisionUser(sourceTenant: sourceTenant, userId: userId, targetTenant: targetTenant)))
        let id = try producer.send(ProducerRecord(topic: s.inputTopic, key: Array(sourceTenant.utf8), value: ChangeCodec.encode(event)))
        var reports: [DeliveryReport]
        do throws(KafkaError) {
            reports = try producer.flush(timeout: s.timeout)
        } catch {
            throw OpsError("provision.user was not delivered to \(s.inputTopic) on \(s.bootstrap) within \(s.timeout): \(error.reason)")
        }
        reports += producer.poll()
        guard let report = reports.first(where: { $0.id == id }) else {
            throw OpsError("no delivery report for provision.user on \(s.inputTopic) after \(s.timeout)")
        }
        if let error = report.error { throw OpsError("provision.user could not be published: \(error)") }
        return Published(partition: report.partition, offset: report.offset)
    }

    /// The partitions of a topic, or an `OpsError` naming the topic or the unreachable cluster.
    private func partitions(of topic: String, _ admin: KafkaAdmin, _ timeout: Duration) throws -> [TopicPartition] {
        do {
            return try admin.partitions(of: topic, timeout: timeout)
        } catch where error.code == .unknownTopicOrPartition {
            throw OpsError("topic '\(topic)' does not exist on \(settings.bootstrap) (create it with 'tenantsync topics create')")
        } catch {
            throw OpsError("cannot reach Kafka at \(settings.bootstrap) within \(timeout): \(error.reason)")
        }
    }

    /// The high watermark of each partition, as the broker reports it now.
    private func highWatermarks(_ partitions: [TopicPartition], _ consumer: KafkaConsumer,
                                _ timeout: Duration) throws -> [TopicPartition: Int64] {
        var marks: [TopicPartition: Int64] = [:]
        for p in partitions {
            marks[p] = try ClusterProbe.watermarks(consumer, p, bootstrap: settings.bootstrap, timeout: timeout).high
        }
        return marks
    }

    private func timeoutMessage(_ published: Published, committed: Int64?, applied: Bool, userId: String,
                                sourceTenant: String) -> String {
        let s = settings
        let request = "provision.user of \(userId) (\(sourceTenant)), published to \(s.inputTopic)[\(published.partition)] "
            + "at offset \(published.offset)"
        if applied {
            return "no complete answer within \(s.timeout): the workers applied \(request), but its entries could not be read "
                + "from \(s.logTopic) (tenantsync logs query --change \(sourceTenant):provision.user)"
        }
        let progress = committed.map { "has committed up to offset \($0) there" } ?? "has committed nothing there"
        return "no worker answered within \(s.timeout): waited for consumer group '\(s.group)' to apply \(request); "
            + "the group \(progress). Is a worker of that group running and caught up? (tenantsync lag --group \(s.group))"
    }
}
