import Kafka
import Support
import SyncCore
import SyncOps
import Testing
import TestSupport

@Suite struct LogReaderTests {
    @Test func theIntakeDropsARedeliveredBatchByIdAndCountsUndecodableRecords() {
        var intake = LogRecordIntake()
        let batch = [makeEntry(id: "a"), makeEntry(id: "b")].map(LogEntryCodec.encode)
        let first = batch.map { intake.accept($0) }
        let again = batch.map { intake.accept($0) }
        #expect(first.compactMap { if case .entry(let e) = $0 { e.id } else { nil } } == ["a", "b"])
        #expect(again == [.repeated(id: "a"), .repeated(id: "b")])
        if case .undecodable = intake.accept(Array("{not json".utf8)) {} else { Issue.record("garbage was accepted") }
        if case .undecodable = intake.accept(nil) {} else { Issue.record("a record without value was accepted") }
        #expect(intake.repeats == 2)
        #expect(intake.undecodable == 2)
    }

    @Test func readsEveryPartitionOnceDroppingRepeatsAndReportingAnUndecodableRecord() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            let topic = uniqueTopic("log")
            try cluster.createTopic(topic, partitions: 3)
            let a = LogEntryCodec.encode(makeEntry(id: "a", target: "fabrikam"))
            let b = LogEntryCodec.encode(makeEntry(id: "b", target: "litware"))
            let c = LogEntryCodec.encode(makeEntry(id: "c", target: "fabrikam", status: .skipped))
            // "a" again at a later offset, as a worker re-delivering its batch after a crash would write it.
            try produce(cluster.bootstrap, topic: topic, [
                (0, a), (1, b), (0, Array("garbage".utf8)), (2, c), (0, a),
            ])
            let reader = LogReader(bootstrap: cluster.bootstrap, topic: topic, logger: quietLogger, timeout: .seconds(5))
            var ids: [String] = []
            var undecodable: [(Int32, Int64)] = []
            var caughtUp = 0
            let stats = try reader.read(follow: false, onCaughtUp: { caughtUp += 1 },
                                        onUndecodable: { p, o, _ in undecodable.append((p, o)) }) { ids.append($0.id) }
            #expect(ids.sorted() == ["a", "b", "c"])
            #expect(undecodable.count == 1)
            #expect(undecodable.first?.0 == 0 && undecodable.first?.1 == 1)
            #expect(stats == LogReader.Stats(records: 5, entries: 3, repeats: 1, undecodable: 1))
            #expect(caughtUp == 1)
        }
    }

    @Test func followingDeliversEntriesWrittenAfterCatchingUp() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            let topic = uniqueTopic("log")
            try cluster.createTopic(topic, partitions: 2)
            try produce(cluster.bootstrap, topic: topic, [(0, LogEntryCodec.encode(makeEntry(id: "old")))])
            let reader = LogReader(bootstrap: cluster.bootstrap, topic: topic, logger: quietLogger, timeout: .seconds(5))
            var ids: [String] = []
            var idsAtCatchUp: [String] = []
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(15)
            _ = try reader.read(
                follow: true, shouldStop: { ids.contains("new") || clock.now > deadline },
                onCaughtUp: {
                    idsAtCatchUp = ids
                    try? produce(cluster.bootstrap, topic: topic, [(1, LogEntryCodec.encode(makeEntry(id: "new")))])
                },
                onUndecodable: { _, _, _ in }) { ids.append($0.id) }
            #expect(idsAtCatchUp == ["old"])
            #expect(ids == ["old", "new"])
        }
    }

    @Test func readsTheWholeLastBatchOnTansuDespiteItsLowHighWatermark() async throws {
        try await withTansuBroker { broker in
            let topic = uniqueTopic("log")
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: broker.bootstrap), logger: quietLogger)
            _ = try admin.createTopic(topic, partitions: 1)
            // One flush of ten entries: one multi-record batch, after which Tansu 0.6.0 reports a high watermark of 1.
            try produce(broker.bootstrap, topic: topic, (0..<10).map { (Int32(0), LogEntryCodec.encode(makeEntry(id: "e\($0)"))) })
            let reader = LogReader(bootstrap: broker.bootstrap, topic: topic, logger: quietLogger, timeout: .seconds(10))
            var ids: [String] = []
            _ = try reader.read(follow: false, onUndecodable: { _, _, _ in }) { ids.append($0.id) }
            #expect(ids == (0..<10).map { "e\($0)" })
        }
    }

    @Test func anUnreachableBrokerFailsWithinTheTimeoutNamingTheServers() throws {
        let reader = LogReader(bootstrap: "127.0.0.1:1", topic: "provisioning-log", logger: quietLogger,
                               timeout: .milliseconds(500))
        let error = #expect(throws: OpsError.self) {
            _ = try reader.read(follow: false, onUndecodable: { _, _, _ in }) { _ in }
        }
        #expect(error?.description.contains("127.0.0.1:1") == true)
    }
}
