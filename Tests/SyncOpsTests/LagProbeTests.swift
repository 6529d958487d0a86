import Kafka
import SyncOps
import Support
import Testing
import TestSupport

@Suite struct LagProbeTests {
    /// Commits `offsets` for `group` through a consumer that only assigns (no group membership needed).
    func commit(_ bootstrap: String, group: String, _ offsets: [TopicPartition: Int64]) throws {
        let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap, groupID: group),
                                         logger: quietLogger)
        try consumer.assign(offsets)
        try consumer.commit(offsets)
        try consumer.close()
    }

    @Test func lagIsEndMinusCommittedPerPartitionAndSummedWithUncommittedPartitionsShownAsUnknown() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            let topic = uniqueTopic("lag")
            try cluster.createTopic(topic, partitions: 3)
            try produce(cluster.bootstrap, topic: topic,
                        (0..<10).map { (Int32(0), Array("r\($0)".utf8)) } + (0..<5).map { (Int32(1), Array("s\($0)".utf8)) })
            let group = uniqueTopic("g")
            try commit(cluster.bootstrap, group: group, [TopicPartition(topic, 0): 7, TopicPartition(topic, 1): 5])
            let report = try LagProbe(bootstrap: cluster.bootstrap, logger: quietLogger, timeout: .seconds(5))
                .lag(group: group, topic: topic)
            #expect(report.partitions.map(\.end) == [10, 5, 0])
            #expect(report.partitions.map(\.committed) == [7, 5, nil])
            #expect(report.partitions.map(\.lag) == [3, 0, nil])
            #expect(report.totalLag == 3)
            #expect(report.uncommitted == 1)
            #expect(report.text().contains("total lag: 3"))
        }
    }

    @Test func lagOnTansuCountsTheWholeLastBatchDespiteTheHighWatermarkQuirk() async throws {
        try await withTansuBroker { broker in
            let topic = uniqueTopic("lag")
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: broker.bootstrap), logger: quietLogger)
            _ = try admin.createTopic(topic, partitions: 1)
            // One flush of ten records: one multi-record batch.
            try produce(broker.bootstrap, topic: topic, (0..<10).map { (Int32(0), Array("r\($0)".utf8)) })
            let group = uniqueTopic("g")
            try commit(broker.bootstrap, group: group, [TopicPartition(topic, 0): 4])
            let report = try LagProbe(bootstrap: broker.bootstrap, logger: quietLogger, timeout: .seconds(10))
                .lag(group: group, topic: topic)
            let row = try #require(report.partitions.first)
            #expect(row.end == 10, "high watermark reported: \(row.highWatermark)")
            #expect(row.committed == 4)
            #expect(row.lag == 6)
            // Tansu 0.6.0 reports 1 here (the batch start + 1); the end comes from reading the tail.
            #expect(row.highWatermark < row.end)
        }
    }
}
