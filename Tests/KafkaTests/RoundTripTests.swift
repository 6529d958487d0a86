import Kafka
import Testing
import TestSupport

@Suite struct RoundTripTests {
    @Test(arguments: Backend.allCases)
    func recordsComeBackWithTheirKeysValuesHeadersAndExplicitPartition(_ backend: Backend) async throws {
        try await withTestCluster(backend) { cluster in
            let topic = uniqueName("roundtrip")
            try cluster.createTopic(topic, partitions: 3)
            let producer = try cluster.producer()
            let records = (0..<50).map { i in
                ProducerRecord(topic: topic, partition: i % 5 == 0 ? 2 : nil, key: "key-\(i)", value: "value-\(i)",
                               headers: [KafkaHeader(key: "trace", string: "t-\(i)"), KafkaHeader(key: "empty", value: nil)])
            }
            let reports = try sendAll(producer, records)
            #expect(reports.count == 50)
            #expect(reports.allSatisfy { $0.isDelivered && $0.offset >= 0 && $0.topic == topic })
            #expect(Set(reports.map(\.id)).count == 50)

            let consumer = try cluster.consumer(group: uniqueName("g"))
            try consumer.subscribe([topic])
            let consumed = try consume(consumer, count: 50)
            #expect(consumed.count == 50)
            let byKey = Dictionary(consumed.map { ($0.keyString ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            for i in 0..<50 {
                let record = try #require(byKey["key-\(i)"], "record key-\(i) missing")
                #expect(record.valueString == "value-\(i)")
                #expect(record.header("trace")?.value == Array("t-\(i)".utf8))
                #expect(record.header("empty") != nil && record.header("empty")?.value == nil)
                if i % 5 == 0 { #expect(record.partition == 2) }
            }
            // Same key, same partition.
            let again = try sendAll(producer, [ProducerRecord(topic: topic, key: "key-1", value: "again")])
            #expect(again.first?.partition == byKey["key-1"]?.partition)
            try consumer.close()
        }
    }
}

@Suite struct ConsumerBatchTests {
    @Test func recordsOfEarlierBatchesKeepTheirBytesWhileLaterBatchesArePolled() async throws {
        try await withTestCluster(.mock) { cluster in
            let topic = uniqueName("batches")
            try cluster.createTopic(topic, partitions: 1)
            let producer = try cluster.producer()
            _ = try sendAll(producer, (0..<30).map { ProducerRecord(topic: topic, key: "k\($0)", value: String(repeating: "\($0 % 10)", count: 100 + $0)) })
            let consumer = try cluster.consumer(group: nil)
            try consumer.assign([TopicPartition(topic, 0): KafkaOffset.beginning])
            var batches: [[ConsumerRecord]] = []
            var total = 0
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(10))
            while total < 30, clock.now < deadline {
                let batch = try consumer.poll(maxRecords: 4, timeout: .milliseconds(100))
                #expect(batch.count <= 4)
                total += batch.count
                if !batch.isEmpty { batches.append(batch) }
            }
            // A batch dropped at once lets the next poll reuse the buffer; that must not touch kept batches.
            _ = try consumer.poll(maxRecords: 4, timeout: .milliseconds(50))
            let all = batches.flatMap { $0 }
            #expect(all.map(\.offset) == (0..<30).map { Int64($0) })
            for (i, record) in all.enumerated() {
                #expect(record.keyString == "k\(i)")
                #expect(record.valueString == String(repeating: "\(i % 10)", count: 100 + i))
            }
        }
    }
}
