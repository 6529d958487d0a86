internal import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t`, freed in deinit. Not Sendable: used within one call.
final class RDKafkaTopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>
    private let owned: Bool

    /// An empty list.
    init(capacity: Int = 8) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(1, capacity)))
        owned = true
    }

    /// Wraps a list librdkafka owns (callback arguments); not freed here.
    init(borrowing pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
        owned = false
    }

    /// Takes ownership of a list librdkafka handed over (must be freed by us).
    init(taking pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
        owned = true
    }

    convenience init(_ partitions: [TopicPartition]) {
        self.init(capacity: partitions.count)
        for p in partitions { add(p) }
    }

    convenience init(_ offsets: [TopicPartition: Int64]) {
        self.init(capacity: offsets.count)
        for (p, offset) in offsets { add(p, offset: offset) }
    }

    deinit {
        if owned { rd_kafka_topic_partition_list_destroy(pointer) }
    }

    func add(_ p: TopicPartition, offset: Int64? = nil) {
        let element = rd_kafka_topic_partition_list_add(pointer, p.topic, p.partition)!
        if let offset { element.pointee.offset = offset }
    }

    func setOffset(_ p: TopicPartition, _ offset: Int64) {
        if let element = rd_kafka_topic_partition_list_find(pointer, p.topic, p.partition) {
            element.pointee.offset = offset
        }
    }

    var count: Int { Int(pointer.pointee.cnt) }

    func forEach(_ body: (TopicPartition, Int64, rd_kafka_resp_err_t) -> Void) {
        guard let elements = pointer.pointee.elems else { return }
        for i in 0..<count {
            let e = elements[i]
            body(TopicPartition(String(cString: e.topic), e.partition), e.offset, e.err)
        }
    }

    var partitions: [TopicPartition] {
        var out: [TopicPartition] = []
        forEach { p, _, _ in out.append(p) }
        return out
    }

    /// The first per-partition error, if any.
    func firstError(_ context: String) -> KafkaError? {
        var found: KafkaError?
        forEach { p, _, err in
            if found == nil, let e = KafkaError.check(err, "\(context) \(p)") { found = e }
        }
        return found
    }
}
