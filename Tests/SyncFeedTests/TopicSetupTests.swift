import Kafka
import Support
import SyncFeed
import Testing
import TestSupport

@Suite struct TopicSetupTests {
    @Test func existingTopicsAreReportedAsExistingOrAsAPartitionMismatchAndMissingOnesAreLeftToCreate() {
        let definitions = TopicSetup.definitions()
        let outcomes = TopicSetup.existingOutcomes(definitions, existing: ["directory-changes": 12, "provisioning-log": 6])
        #expect(outcomes[0]?.status == .existed)
        #expect(outcomes[1] == nil)
        #expect(outcomes[2]?.status == .partitionMismatch(existing: 6))
        #expect(outcomes[2]?.summary.contains("6 partitions") == true)
    }

    @Test func thePartitionsOptionReplacesEveryDefinitionsCountAndKeepsTheRest() {
        let definitions = TopicSetup.definitions(partitions: 4)
        #expect(definitions.map(\.partitions) == [4, 4, 4])
        #expect(definitions.map(\.name) == TopicCatalog.all.map(\.name))
        #expect(definitions.map(\.config) == TopicCatalog.all.map(\.config))
    }

    @Test func creatingTheTopicsTwiceOnABrokerCreatesThemOnceAndThenReportsThemAsExisting() async throws {
        try await withTansuBroker { broker in
            let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: broker.bootstrap), logger: feedTestLogger)
            let first = try TopicSetup.apply(TopicSetup.definitions(partitions: 2), admin: admin)
            #expect(first.map(\.status) == [.created, .created, .created])
            #expect(try admin.listTopics()["directory-changes"] == 2)
            let second = try TopicSetup.apply(TopicSetup.definitions(partitions: 2), admin: admin)
            #expect(second.map(\.status) == [.existed, .existed, .existed])
            let other = try TopicSetup.apply(TopicSetup.definitions(partitions: 3), admin: admin)
            #expect(other.map(\.status) == Array(repeating: .partitionMismatch(existing: 2), count: 3))
        }
    }
}
