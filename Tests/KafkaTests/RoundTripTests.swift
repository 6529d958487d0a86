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
