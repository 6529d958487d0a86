import Foundation
import Kafka
import Synchronization
import Testing
import TestSupport

@Suite struct FaultTests {
    @Test func produceErrorsInjectedOnTheMockClusterAreRetriedWithoutDuplicates() async throws {
        try await withTestCluster(.mock) { cluster in
            let mock = try #require(cluster.mock)
            let topic = uniqueName("retry")
            try cluster.createTopic(topic, partitions: 1)
            let producer = try cluster.producer()
            // Warm up so the errors hit produce requests, not the producer id handshake.
            #expect(try sendAll(producer, [ProducerRecord(topic: topic, key: nil, value: "warm-up")]).first?.isDelivered == true)
            mock.pushRequestErrors(.produce, [.notEnoughReplicas, .notLeaderForPartition, .requestTimedOut,
                                              .notEnoughReplicasAfterAppend, .notEnoughReplicas, .leaderNotAvailable])
            let reports = try sendAll(producer, (0..<300).map { ProducerRecord(topic: topic, key: nil, value: "r\($0)") })
            #expect(reports.count == 300)
            #expect(reports.allSatisfy { $0.isDelivered }, "\(reports.compactMap(\.error).prefix(3))")

            let consumer = try cluster.consumer(group: nil)
            try consumer.assign([TopicPartition(topic, 0): KafkaOffset.beginning])
            let values = try consume(consumer, count: 301, timeout: .seconds(10)).compactMap(\.valueString)
            Thread.sleep(forTimeInterval: 0.2)
            let late = try consumer.poll(timeout: .milliseconds(200))
            #expect(late.isEmpty, "duplicates arrived late: \(late.count)")
            #expect(values == ["warm-up"] + (0..<300).map { "r\($0)" }, "records duplicated, lost or reordered")
        }
    }

    @Test func aFailedDeliveryIsReportedWithItsRecord() async throws {
        try await withTestCluster(.mock) { cluster in
            let mock = try #require(cluster.mock)
            let topic = uniqueName("fail")
            try cluster.createTopic(topic, partitions: 1)
            let producer = try cluster.producer { config in
                config.messageTimeout = .milliseconds(1000)
            }
            // Warm up (connection, producer id) until one record makes it within the short timeout.
            var warmedUp = false
            for _ in 0..<10 where !warmedUp {
                warmedUp = try sendAll(producer, [ProducerRecord(topic: topic, key: nil, value: "warm-up")]).first?.isDelivered == true
            }
            #expect(warmedUp)
            try mock.setBrokerDown(1)
            try mock.setBrokerDown(2)
            try mock.setBrokerDown(3)
            defer { for b: Int32 in 1...3 { try? mock.setBrokerUp(b) } }
            let record = ProducerRecord(topic: topic, key: "k", value: "lost",
                                        headers: [KafkaHeader(key: "h", string: "x")])
            let reports = try sendAll(producer, [record], timeout: .seconds(10))
            let error = try #require(reports.first?.error)
            #expect(error.error.code == .messageTimedOut)
            #expect(error.error.isRetriable)
            #expect(error.record.value == record.value && error.record.key == record.key)
            #expect(error.record.headers == record.headers && error.record.topic == topic)
        }
    }

    @Test(arguments: Backend.allCases)
    func aBrokerDownAndUpAgainMidStreamLosesNothing(_ backend: Backend) async throws {
        try await withTestCluster(backend) { cluster in
            let topic = uniqueName("outage")
            try cluster.createTopic(topic, partitions: 3)
            let producer = try cluster.producer()
            let consumer = try cluster.consumer(group: uniqueName("g"))
            try consumer.subscribe([topic])
            let received = Mutex<[ConsumerRecord]>([])
            let stop = Atomic<Bool>(false)
            let reader = Thread {
                while !stop.load(ordering: .acquiring) {
                    if let batch = try? consumer.poll(maxRecords: 200, timeout: .milliseconds(50)), !batch.isEmpty {
                        received.withLock { $0 += batch }
                        try? consumer.commit(nextOffsets(batch))
                    }
                }
            }
            reader.start()
            defer { stop.store(true, ordering: .releasing) }

            var reports: [DeliveryReport] = []
            for i in 0..<1500 {
                try producer.send(ProducerRecord(topic: topic, key: "k\(i % 17)", value: "v\(i)"))
                reports += producer.poll()
                if i % 100 == 99 { Thread.sleep(forTimeInterval: 0.01) }
                if i == 500 {
                    try takeDown(cluster)
                } else if i == 1000 {
                    try bringUp(cluster)
                }
            }
            reports += try producer.flush(timeout: .seconds(60))
            #expect(reports.count == 1500)
            #expect(reports.allSatisfy { $0.isDelivered }, "\(reports.compactMap(\.error).prefix(3))")
            #expect(waitUntil(.seconds(30)) { received.withLock { $0.count } >= 1500 })
            Thread.sleep(forTimeInterval: 0.2)
            stop.store(true, ordering: .releasing)
            let values = received.withLock { $0 }.compactMap(\.valueString)
            #expect(Set(values) == Set((0..<1500).map { "v\($0)" }), "lost records")
            #expect(values.count == 1500, "duplicates: \(values.count - Set(values).count)")
        }
    }

    /// Mock: the broker leading partition 0 goes down. Tansu (one process, memory only): the process is frozen,
    /// so it stops answering and comes back with its data.
    private func takeDown(_ cluster: TestCluster) throws {
        if let mock = cluster.mock {
            try mock.setBrokerDown(1)
        } else if let port = cluster.tansuPort {
            try BrokerProcess.pause(port: port)
            Thread.sleep(forTimeInterval: 1.0)
        }
    }

    private func bringUp(_ cluster: TestCluster) throws {
        if let mock = cluster.mock {
            try mock.setBrokerUp(1)
        } else if let port = cluster.tansuPort {
            try BrokerProcess.resume(port: port)
        }
    }

    @Test func partitionLeaderAndCoordinatorMovesOnTheMockClusterKeepTheStreamWhole() async throws {
        try await withTestCluster(.mock) { cluster in
            let mock = try #require(cluster.mock)
            let topic = uniqueName("moves")
            let group = uniqueName("g")
            try cluster.createTopic(topic, partitions: 2)
            let producer = try cluster.producer()
            let consumer = try cluster.consumer(group: group)
            try consumer.subscribe([topic])
            try mock.setRoundTripTime(2, .milliseconds(20))
            var values: [String] = []
            for round in 0..<3 {
                let reports = try sendAll(producer, (0..<100).map { ProducerRecord(topic: topic, key: "k\($0)", value: "r\(round)-\($0)") })
                #expect(reports.allSatisfy { $0.isDelivered })
                let batch = try consume(consumer, count: 100, timeout: .seconds(20))
                values += batch.compactMap(\.valueString)
                try consumer.commit(nextOffsets(batch))
                try mock.setPartitionLeader(TopicPartition(topic, 0), broker: Int32(round % 3 + 1))
                try mock.setGroupCoordinator(group, broker: Int32((round + 1) % 3 + 1))
            }
            #expect(values.count == 300)
            #expect(Set(values).count == 300)
            let committed = try consumer.committed([TopicPartition(topic, 0), TopicPartition(topic, 1)])
            #expect(committed.values.reduce(0, +) == 300)
        }
    }
}
