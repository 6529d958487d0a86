import Kafka
import KafkaBench
import Support
import Testing
import TestSupport

@Suite struct KafkaBenchmarkTests {
    @Test func theBenchmarkMovesEveryRecordThroughBothSidesAndReportsBoth() async throws {
        try await withMockCluster(brokers: 1) { cluster in
            var bench = KafkaBenchmark(bootstrap: cluster.bootstrap, brokerName: "mock")
            bench.mockCluster = cluster
            bench.records = 2000
            bench.rounds = 2
            bench.valueSize = 100
            // run() throws if either side delivered or read a different number of records.
            let outcome = try bench.run(logger: testLogger)
            #expect(outcome.reports.map(\.stage) == ["kafka.produce", "kafka.consume"])
            #expect(outcome.reports.allSatisfy { $0.events == 2000 && $0.seconds > 0 && $0.baselineEventsPerSecond > 0 })
            #expect(outcome.reports.allSatisfy { $0.broker == "mock" })
            #expect(outcome.cpuSeconds.swiftConsume > 0 && outcome.cpuSeconds.rawConsume > 0)
        }
    }
}
