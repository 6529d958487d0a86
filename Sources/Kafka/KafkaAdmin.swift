internal import CRdKafka
import Support

/// Cluster administration: create topics (idempotently), list topics and partitions, read a group's committed
/// offsets.
///
/// Thread-safety: every method may be called from any thread; each blocks up to its timeout (call it from a plain
/// thread or a command, not from the Swift concurrency pool).
public final class KafkaAdmin: Sendable {
    /// A topic to create.
    public struct TopicSpec: Sendable {
        /// The topic name.
        public var name: String
        /// How many partitions.
        public var partitions: Int
        /// How many replicas of each partition. Default 1.
        public var replicationFactor: Int
        /// Topic configs (`retention.ms`, `cleanup.policy`, ...).
        public var configs: [String: String]

        /// Creates a topic description.
        public init(name: String, partitions: Int, replicationFactor: Int = 1, configs: [String: String] = [:]) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
            self.configs = configs
        }
    }

    private let client: RDKafkaClient

    /// Creates an admin client.
    /// - Parameters:
    ///   - options: the cluster and raw properties.
    ///   - logger: where librdkafka's logs and errors go.
    /// - Throws: `KafkaError` with code `_INVALID_ARG` for bad configuration.
    public init(options: KafkaClientOptions, logger: Logger) throws(KafkaError) {
        try options.validateBootstrap()
        let context = ClientContext(logger: logger, onStatistics: options.onStatistics)
        var properties = options.librdkafkaProperties()
        properties += options.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        client = try RDKafkaClient(kind: .producer, properties: properties, context: context)
    }

    /// Creates topics; one that already exists counts as created.
    /// - Returns: the names that were newly created (the others existed).
    /// - Throws: `KafkaError` naming the first topic that could not be created, or a timeout.
    @discardableResult
    public func createTopics(_ topics: [TopicSpec], timeout: Duration = .seconds(10)) throws(KafkaError) -> [String] {
        guard !topics.isEmpty else { return [] }
        var newTopics: [OpaquePointer?] = []
        defer { for t in newTopics { rd_kafka_NewTopic_destroy(t) } }
        for spec in topics {
            var errstr = [CChar](repeating: 0, count: 256)
            guard let t = rd_kafka_NewTopic_new(spec.name, Int32(spec.partitions), Int32(spec.replicationFactor),
                                                &errstr, errstr.count) else {
                throw KafkaError.configuration("topic '\(spec.name)': " + errorText(errstr))
            }
            newTopics.append(t)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                if let error = KafkaError.check(rd_kafka_NewTopic_set_config(t, key, value), "topic config \(key)") {
                    throw error
                }
            }
        }
        let event = try run(RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout: timeout, what: "create topics") { options, queue in
            rd_kafka_CreateTopics(client.pointer, &newTopics, newTopics.count, options, queue)
        }
        defer { rd_kafka_event_destroy(event) }
        var count = 0
        let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
        var created: [String] = []
        for i in 0..<count {
            let result = results![i]
            let name = String(cString: rd_kafka_topic_result_name(result))
            let err = rd_kafka_topic_result_error(result)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR { created.append(name); continue }
            if err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS { continue }
            let text = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? KafkaErrorCode(err).text
            throw KafkaError(code: KafkaErrorCode(err), reason: "create topic '\(name)': \(text)")
        }
        return created
    }

    /// Creates one topic; already existing is success.
    /// - Returns: true when it was newly created.
    @discardableResult
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1,
                            configs: [String: String] = [:], timeout: Duration = .seconds(10)) throws(KafkaError) -> Bool {
        try !createTopics([TopicSpec(name: name, partitions: partitions, replicationFactor: replicationFactor,
                                     configs: configs)], timeout: timeout).isEmpty
    }

    /// Every topic (internal ones included) with its partition count.
    public func listTopics(timeout: Duration = .seconds(10)) throws(KafkaError) -> [String: Int] {
        try metadata(topic: nil, timeout: timeout)
    }

    /// The partitions of one topic.
    /// - Throws: `KafkaError` `UNKNOWN_TOPIC_OR_PART` when it does not exist.
    public func partitions(of topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> [TopicPartition] {
        // Metadata of all topics: asking for one by name lets a broker with auto-creation create it.
        guard let count = try metadata(topic: nil, timeout: timeout)[topic] else {
            throw KafkaError(code: .unknownTopicOrPartition, reason: "topic '\(topic)' does not exist")
        }
        return (0..<Int32(count)).map { TopicPartition(topic, $0) }
    }

    /// A group's committed offsets (next offset to read) for every partition of these topics; partitions without
    /// a committed offset are absent.
    public func groupOffsets(group: String, topics: [String], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [TopicPartition: Int64] {
        var partitions: [TopicPartition] = []
        for topic in topics { partitions += try self.partitions(of: topic, timeout: timeout) }
        let list = RDKafkaTopicPartitionList(partitions)
        var request: OpaquePointer? = rd_kafka_ListConsumerGroupOffsets_new(group, list.pointer)
        defer { rd_kafka_ListConsumerGroupOffsets_destroy(request) }
        let event = try run(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout: timeout, what: "list group offsets") {
            options, queue in rd_kafka_ListConsumerGroupOffsets(client.pointer, &request, 1, options, queue)
        }
        defer { rd_kafka_event_destroy(event) }
        var count = 0
        let groups = rd_kafka_ListConsumerGroupOffsets_result_groups(
            rd_kafka_event_ListConsumerGroupOffsets_result(event), &count)
        var out: [TopicPartition: Int64] = [:]
        for i in 0..<count {
            let result = groups![i]
            if let error = rd_kafka_group_result_error(result) {
                let code = KafkaErrorCode(rd_kafka_error_code(error))
                throw KafkaError(code: code, reason: "group '\(group)' offsets: " + String(cString: rd_kafka_error_string(error)))
            }
            guard let parts = rd_kafka_group_result_partitions(result) else { continue }
            RDKafkaTopicPartitionList(borrowing: UnsafeMutablePointer(mutating: parts)).forEach { p, offset, _ in
                if offset >= 0 { out[p] = offset }
            }
        }
        return out
    }

    private func metadata(topic: String?, timeout: Duration) throws(KafkaError) -> [String: Int] {
        var topicHandle: OpaquePointer?
        if let topic { topicHandle = rd_kafka_topic_new(client.pointer, topic, nil) }
        defer { if let topicHandle { rd_kafka_topic_destroy(topicHandle) } }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(client.pointer, topic == nil ? 1 : 0, topicHandle, &metadata, Int32(timeout.timeoutMs))
        if let error = KafkaError.check(err, "metadata") { throw error }
        guard let metadata else { return [:] }
        defer { rd_kafka_metadata_destroy(metadata) }
        var out: [String: Int] = [:]
        for i in 0..<Int(metadata.pointee.topic_cnt) {
            let t = metadata.pointee.topics[i]
            if t.err != RD_KAFKA_RESP_ERR_NO_ERROR { continue }
            out[String(cString: t.topic)] = Int(t.partition_cnt)
        }
        return out
    }

    /// Runs one admin request on a private queue and waits for its result event (the caller destroys it).
    private func run(_ op: rd_kafka_admin_op_t, timeout: Duration, what: String,
                     _ start: (OpaquePointer?, OpaquePointer?) -> Void) throws(KafkaError) -> OpaquePointer {
        let queue = RDKafkaQueue(new: client)
        let options = rd_kafka_AdminOptions_new(client.pointer, op)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(timeout.timeoutMs), &errstr, errstr.count)
        start(options, queue.pointer)
        guard let event = rd_kafka_queue_poll(queue.pointer, Int32(timeout.timeoutMs) + 1000) else {
            throw KafkaError(code: .timedOut, reason: "\(what): no answer within \(timeout)")
        }
        let err = rd_kafka_event_error(event)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = String(cString: rd_kafka_event_error_string(event))
            rd_kafka_event_destroy(event)
            throw KafkaError(code: KafkaErrorCode(err), reason: "\(what): \(text)")
        }
        return event
    }
}
