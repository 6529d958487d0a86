internal import CRdKafka
import Support
import Synchronization

/// A Kafka consumer: a member of a consumer group (`subscribe`) or a reader of chosen partitions (`assign`), read in
/// batches.
///
/// `poll(maxRecords:timeout:)` takes up to `maxRecords` records in one librdkafka call
/// (`rd_kafka_consume_batch_queue`) and copies their keys and values once into one buffer the batch shares.
/// Rebalances are served inside `poll`: the rebalance handler runs there, on the polling thread, before partitions
/// are revoked, so it can commit what was finished; records of partitions revoked during a `poll` are dropped from
/// the batch it returns (their offsets were not committed, the next owner reads them).
///
/// Thread-safety: every method may be called from any thread, but one thread should poll (concurrent polls are
/// serialized). `poll`, `commit`, `committed`, `seek`, `watermarks` and `close` block: call them from a plain thread,
/// not from the Swift concurrency pool. Offsets given to `store` and `commit` are the *next* offset to read
/// (last processed + 1), as Kafka commits them.
public final class KafkaConsumer: Sendable {
    /// Called on the polling thread when the assignment changes. For `.assigned`, the returned offsets (for some or
    /// all of the partitions) are where reading starts instead of the committed offset; return `[:]` otherwise.
    /// - Important: do not call `poll` from the handler; `commit`, `store`, `seek` and `committed` are fine.
    public typealias RebalanceHandler = @Sendable (KafkaConsumer, RebalanceEvent) -> [TopicPartition: Int64]

    private let client: RDKafkaClient
    private let queue: RDKafkaQueue
    private let logger: Logger
    /// Serializes pollers; holds the message pointer buffer reused between polls.
    private let pollBuffer = Mutex<PollBuffer>(PollBuffer())

    /// Creates a consumer.
    /// - Parameters:
    ///   - config: the settings; see `KafkaConsumerConfig` for defaults.
    ///   - logger: where librdkafka's logs and errors go.
    ///   - onRebalance: told of assignment changes before they take effect; nil accepts them as they come.
    /// - Throws: `KafkaError` with code `_INVALID_ARG` and a reason naming the property, for bad configuration.
    public init(config: KafkaConsumerConfig, logger: Logger, onRebalance: RebalanceHandler? = nil) throws(KafkaError) {
        try config.client.validateBootstrap()
        let context = ClientContext(logger: logger, onStatistics: config.client.onStatistics, onRebalance: onRebalance)
        client = try RDKafkaClient(kind: .consumer, properties: config.librdkafkaProperties(), context: context) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rdkafkaRebalanceCallback)
            rd_kafka_conf_set_offset_commit_cb(conf, rdkafkaOffsetCommitCallback)
        }
        // Everything (errors, statistics, rebalances, records) is served from the consumer queue by `poll`.
        rd_kafka_poll_set_consumer(client.pointer)
        queue = RDKafkaQueue(consumer: client)
        self.logger = logger
        context.state.withLock { $0.consumer = self }
    }

    /// Joins the group and subscribes to these topics (replacing an earlier subscription). Partitions come through
    /// `poll` and the rebalance handler.
    /// - Throws: `KafkaError` when librdkafka refuses the subscription (no `groupID`, for instance).
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(TopicPartition(topic, -1)) }  // RD_KAFKA_PARTITION_UA
        if let error = KafkaError.check(rd_kafka_subscribe(client.pointer, list.pointer), "subscribe to \(topics)") {
            throw error
        }
    }

    /// Reads exactly these partitions from these offsets (`KafkaOffset.beginning`, `.end`, `.stored` or a number),
    /// without group management; replaces any earlier assignment.
    public func assign(_ offsets: [TopicPartition: Int64]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = KafkaError.check(rd_kafka_assign(client.pointer, list.pointer), "assign \(offsets.keys.sorted())") {
            throw error
        }
    }

    /// The partitions currently assigned.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var raw: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        if let error = KafkaError.check(rd_kafka_assignment(client.pointer, &raw), "assignment") { throw error }
        guard let raw else { return [] }
        return RDKafkaTopicPartitionList(taking: raw).partitions.sorted()
    }

    /// Waits up to `timeout` for records and returns up to `maxRecords` of them (empty when none came).
    ///
    /// Serves rebalances, errors and statistics meanwhile. Non-fatal consumer errors (a broker down, an unknown
    /// topic) are logged and librdkafka keeps trying.
    /// - Throws: `KafkaError` for a fatal error; the consumer must then be recreated.
    public func poll(maxRecords: Int = 1000, timeout: Duration) throws(KafkaError) -> [ConsumerRecord] {
        let maxRecords = max(1, maxRecords)
        let result: Result<[ConsumerRecord], KafkaError> = pollBuffer.withLock { buffer in
            buffer.ensure(capacity: maxRecords)
            client.context.state.withLock { $0.revokedDuringPoll.removeAll() }
            let n = rd_kafka_consume_batch_queue(queue.pointer, Int32(timeout.timeoutMs), buffer.messages, maxRecords)
            if n < 0 {
                let err = rd_kafka_last_error()
                return .failure(KafkaError.check(err, "poll") ?? KafkaError(code: KafkaErrorCode(err), reason: "poll"))
            }
            let revoked = client.context.state.withLock { $0.revokedDuringPoll }
            return collect(UnsafeBufferPointer(start: buffer.messages, count: n), dropping: revoked,
                           storage: &buffer.storage)
        }
        return try result.get()
    }

    /// Copies the messages out (keys and values into one shared buffer) and destroys them.
    /// `storage` is the previous batch's buffer: reused in place when the caller has let go of that batch (no
    /// allocation, no fresh pages), replaced otherwise.
    private func collect(_ messages: UnsafeBufferPointer<UnsafeMutablePointer<rd_kafka_message_t>?>,
                         dropping revoked: Set<TopicPartition>,
                         storage: inout [UInt8]) -> Result<[ConsumerRecord], KafkaError> {
        defer { for m in messages { rd_kafka_message_destroy(m) } }
        var total = 0
        var fatal: KafkaError?
        var records = 0
        for case let m? in messages {
            if m.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(m, fatal: &fatal)
                continue
            }
            total += m.pointee.key_len + m.pointee.len
            records += 1
        }
        if let fatal { return .failure(fatal) }
        storage.removeAll(keepingCapacity: true)
        storage.reserveCapacity(total)
        var spans: [(key: Range<Int>?, value: Range<Int>?)] = []
        spans.reserveCapacity(records)
        for case let m? in messages where m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            let message = m.pointee
            var key: Range<Int>?
            var value: Range<Int>?
            if let k = message.key {
                let start = storage.count
                storage.append(contentsOf: UnsafeRawBufferPointer(start: k, count: message.key_len))
                key = start..<storage.count
            }
            if let v = message.payload {
                let start = storage.count
                storage.append(contentsOf: UnsafeRawBufferPointer(start: v, count: message.len))
                value = start..<storage.count
            }
            spans.append((key, value))
        }
        var out: [ConsumerRecord] = []
        out.reserveCapacity(records)
        var lastTopic: (OpaquePointer?, String) = (nil, "")
        var index = 0
        for case let m? in messages where m.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            defer { index += 1 }
            let message = m.pointee
            if message.rkt != lastTopic.0 { lastTopic = (message.rkt, String(cString: rd_kafka_topic_name(message.rkt))) }
            if !revoked.isEmpty, revoked.contains(TopicPartition(lastTopic.1, message.partition)) { continue }
            var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            let timestamp = rd_kafka_message_timestamp(m, &timestampType)
            let span = spans[index]
            out.append(ConsumerRecord(
                topic: lastTopic.1, partition: message.partition, offset: message.offset,
                timestampMs: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
                key: span.key.map { storage[$0] }, value: span.value.map { storage[$0] },
                headers: readHeaders(m)))
        }
        return .success(out)
    }

    private func report(_ m: UnsafeMutablePointer<rd_kafka_message_t>, fatal: inout KafkaError?) {
        let err = m.pointee.err
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return }
        let code = KafkaErrorCode(err)
        var text = code.text
        if let payload = m.pointee.payload {
            text = String(decoding: UnsafeRawBufferPointer(start: payload, count: m.pointee.len), as: UTF8.self)
        }
        if err == RD_KAFKA_RESP_ERR__FATAL {
            fatal = client.fatalError() ?? KafkaError(code: code, reason: text, isRetriable: false, isFatal: true)
        } else {
            logger.warning("consumer error: \(text)", metadata: ["error": code.name])
        }
    }

    /// Stores offsets (next offset to read) for the next `commit()` or auto-commit.
    /// - Throws: `KafkaError` (`_STATE`) for a partition not assigned to this consumer.
    public func store(_ offsets: [TopicPartition: Int64]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = KafkaError.check(rd_kafka_offsets_store(client.pointer, list.pointer), "store offsets") {
            throw error
        }
        if let error = list.firstError("store offset of") { throw error }
    }

    /// Commits these offsets (next offset to read), or the stored offsets when nil, and waits for the broker.
    /// Nothing to commit is success.
    /// - Throws: `KafkaError`, e.g. `ILLEGAL_GENERATION` during a rebalance (retriable).
    public func commit(_ offsets: [TopicPartition: Int64]? = nil) throws(KafkaError) {
        try commit(offsets, async: false)
    }

    /// Starts committing these offsets (or the stored ones) without waiting; failures are logged.
    public func commitAsync(_ offsets: [TopicPartition: Int64]? = nil) throws(KafkaError) {
        try commit(offsets, async: true)
    }

    private func commit(_ offsets: [TopicPartition: Int64]?, async: Bool) throws(KafkaError) {
        if let offsets, offsets.isEmpty { return }
        let list = offsets.map { RDKafkaTopicPartitionList($0) }
        let err = rd_kafka_commit(client.pointer, list?.pointer, async ? 1 : 0)
        if err == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        if let error = KafkaError.check(err, "commit") { throw error }
        if !async, let error = list?.firstError("commit of") { throw error }
    }

    /// The group's committed offsets for these partitions; partitions with none are absent.
    public func committed(_ partitions: [TopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(partitions)
        let err = rd_kafka_committed(client.pointer, list.pointer, Int32(timeout.timeoutMs))
        if let error = KafkaError.check(err, "committed offsets") { throw error }
        var out: [TopicPartition: Int64] = [:]
        list.forEach { p, offset, _ in if offset >= 0 { out[p] = offset } }
        return out
    }

    /// The current fetch positions (next offset to read) of assigned partitions that have one.
    public func positions(_ partitions: [TopicPartition]) throws(KafkaError) -> [TopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(partitions)
        if let error = KafkaError.check(rd_kafka_position(client.pointer, list.pointer), "positions") { throw error }
        var out: [TopicPartition: Int64] = [:]
        list.forEach { p, offset, _ in if offset >= 0 { out[p] = offset } }
        return out
    }

    /// Moves the fetch position of assigned partitions; the next `poll` reads from there.
    public func seek(_ offsets: [TopicPartition: Int64], timeout: Duration = .seconds(10)) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = KafkaError.consuming(rd_kafka_seek_partitions(client.pointer, list.pointer, Int32(timeout.timeoutMs)),
                                            context: "seek") { throw error }
        if let error = list.firstError("seek of") { throw error }
    }

    /// Stops fetching these partitions until `resume`; the assignment is kept.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        if let error = KafkaError.check(rd_kafka_pause_partitions(client.pointer, list.pointer), "pause") { throw error }
        if let error = list.firstError("pause of") { throw error }
    }

    /// Fetches these paused partitions again.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(partitions)
        if let error = KafkaError.check(rd_kafka_resume_partitions(client.pointer, list.pointer), "resume") { throw error }
        if let error = list.firstError("resume of") { throw error }
    }

    /// The low and high watermarks of a partition, asked of its leader (the high one is the next offset written).
    public func watermarks(of partition: TopicPartition, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> (low: Int64, high: Int64) {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(client.pointer, partition.topic, partition.partition, &low, &high,
                                                   Int32(timeout.timeoutMs))
        if let error = KafkaError.check(err, "watermarks of \(partition)") { throw error }
        return (low, high)
    }

    /// The watermarks of a partition as this client last saw them in a fetch response: no request, no wait.
    /// - Returns: nil until a fetch of the partition has answered (or when the partition is not fetched here).
    public func cachedWatermarks(of partition: TopicPartition) -> (low: Int64, high: Int64)? {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_get_watermark_offsets(client.pointer, partition.topic, partition.partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, low >= 0, high >= 0 else { return nil }
        return (low, high)
    }

    /// Leaves the group: revokes the assignment through the rebalance handler (which can commit), then stops.
    /// Later calls do nothing; deinit closes too, without calling the handler.
    public func close() throws(KafkaError) {
        if let error = client.closeConsumer() { throw error }
    }

    deinit {
        // The context's weak reference is now nil: a close from the handle's destruction skips the handler.
        _ = client.closeConsumer()
        pollBuffer.withLock { $0.free() }
    }
}

/// The array of message pointers `rd_kafka_consume_batch_queue` fills; reused between polls.
/// Sendable: only reached under `KafkaConsumer.pollBuffer`'s Mutex.
struct PollBuffer: @unchecked Sendable {
    private(set) var messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    private var capacity: Int
    /// The key and value bytes of the last batch (its records hold slices of it).
    var storage: [UInt8] = []

    init() {
        capacity = 0
        messages = .allocate(capacity: 1)
    }

    mutating func ensure(capacity wanted: Int) {
        guard wanted > capacity else { return }
        messages.deallocate()
        messages = .allocate(capacity: wanted)
        capacity = wanted
    }

    // Freed with the consumer: PollBuffer lives exactly as long as its Mutex.
    func free() { messages.deallocate() }
}
