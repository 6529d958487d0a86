import Kafka
import Testing
import TestSupport

@Suite struct AdminAndOffsetsTests {
    @Test func topicsAreCreatedIdempotentlyListedAndGroupOffsetsDescribed() async throws {
        try await withTestCluster(.tansu) { cluster in
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: cluster.bootstrap), logger: testLogger)
            let topic = uniqueName("admin")
            #expect(try admin.createTopic(topic, partitions: 4))
            #expect(try admin.createTopic(topic, partitions: 4) == false)
            #expect(try admin.listTopics()[topic] == 4)
            #expect(try admin.partitions(of: topic).count == 4)
            #expect(throws: KafkaError.self) { try admin.partitions(of: uniqueName("missing")) }

            let producer = try cluster.producer()
            _ = try sendAll(producer, (0..<40).map { ProducerRecord(topic: topic, partition: Int32($0 % 4), key: nil, value: "\($0)") })
            let group = uniqueName("g")
            let consumer = try cluster.consumer(group: group)
            try consumer.subscribe([topic])
            let records = try consume(consumer, count: 40)
            #expect(records.count == 40)
            try consumer.commit(nextOffsets(records))
            let offsets = try admin.groupOffsets(group: group, topics: [topic])
            #expect(offsets == Dictionary(uniqueKeysWithValues: (0..<4).map { (TopicPartition(topic, Int32($0)), Int64(10)) }))
            #expect(try consumer.committed([TopicPartition(topic, 0)]) == [TopicPartition(topic, 0): 10])
            // Tansu 0.6.0 answers ListOffsets(latest) with the last batch's base offset + 1 (seen: 1 after one
            // batch of 10 records), so the high watermark is only checked after single-record batches.
            let single = TopicPartition(topic, 3)
            for i in 0..<3 {
                _ = try sendAll(producer, [ProducerRecord(topic: topic, partition: 3, key: nil, value: "s\(i)")])
            }
            let marks = try consumer.watermarks(of: single)
            #expect(marks.high == 13, "watermarks \(marks)")
            try consumer.close()
        }
    }

    @Test func pauseResumeAndSeekControlWhatThePollReturns() async throws {
        try await withTestCluster(.mock) { cluster in
            let topic = uniqueName("seek")
            try cluster.createTopic(topic, partitions: 2)
            let producer = try cluster.producer()
            _ = try sendAll(producer, (0..<20).map { ProducerRecord(topic: topic, partition: Int32($0 % 2), key: nil, value: "\($0)") })
            let consumer = try cluster.consumer(group: uniqueName("g"))
            let p0 = TopicPartition(topic, 0)
            let p1 = TopicPartition(topic, 1)
            try consumer.assign([p0: KafkaOffset.beginning, p1: KafkaOffset.beginning])
            #expect(try consumer.assignment() == [p0, p1])
            try consumer.pause([p1])
            let first = try consume(consumer, count: 10, timeout: .seconds(10))
            #expect(first.count == 10 && first.allSatisfy { $0.partition == 0 })
            #expect(try consumer.poll(timeout: .milliseconds(300)).isEmpty)
            try consumer.resume([p1])
            let second = try consume(consumer, count: 10, timeout: .seconds(10))
            #expect(second.count == 10 && second.allSatisfy { $0.partition == 1 })
            try consumer.seek([p0: 7])
            let again = try consume(consumer, count: 3, timeout: .seconds(10))
            #expect(again.map(\.offset) == [7, 8, 9] && again.allSatisfy { $0.partition == 0 })
            #expect(try consumer.positions([p0])[p0] == 10)
            #expect(try consumer.watermarks(of: p0) == (low: 0, high: 10))
        }
    }

    @Test func theRebalanceHandlerChoosesWhereAnAssignedPartitionStarts() async throws {
        try await withTestCluster(.mock) { cluster in
            let topic = uniqueName("start")
            try cluster.createTopic(topic, partitions: 1)
            let producer = try cluster.producer()
            _ = try sendAll(producer, (0..<10).map { ProducerRecord(topic: topic, key: nil, value: "\($0)") })
            // The store is the truth: on assignment, start where it says (offset 6), not at the committed offset.
            let consumer = try cluster.consumer(group: uniqueName("g"), onRebalance: { _, event in
                guard case .assigned(let parts) = event else { return [:] }
                return Dictionary(uniqueKeysWithValues: parts.map { ($0, Int64(6)) })
            })
            try consumer.subscribe([topic])
            let records = try consume(consumer, count: 4, timeout: .seconds(10))
            #expect(records.map(\.offset) == [6, 7, 8, 9])
        }
    }
}
