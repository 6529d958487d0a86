import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

/// The fleet end to end: a generated feed of 20 tenants published to a broker, three `tenantsync worker`
/// processes sharing a PostgreSQL store, one of them SIGKILLed and restarted every few seconds while they work.
/// At the end the store, the provisioning log and the dead-letter topic must be exactly what the domain core
/// computes from the feed alone: nothing lost, nothing applied twice.
@Suite("Worker fleet: real processes, a real broker and PostgreSQL", .serialized)
struct FleetTests {
    static let logger = Logger(label: "fleet-test", level: .error)

    /// Tansu broker, 200,000 changes over 20 tenants (plus the initial load, duplicates, mis-keyed and malformed
    /// records), a kill every 2 to 5 seconds for as long as the workers have records to apply.
    @Test func threeWorkerProcessesKilledAtRandomEndExactlyWhereTheDomainCoreDoes() async throws {
        let options = FeedGeneratorOptions(tenants: 20, users: 3_000, groups: 120, changes: 200_000, seed: 2_026,
                                           malformedRate: 0.001, organizations: 5)
        try await withTansuBroker { broker in
            try await withPostgresServer { postgres in
                let admin = try KafkaAdmin(options: KafkaClientOptions(bootstrapServers: broker.bootstrap), logger: Self.logger)
                _ = try admin.createTopics([
                    .init(name: "directory-changes", partitions: 6),
                    .init(name: "provisioning-log", partitions: 6),
                    .init(name: "directory-changes.dlq", partitions: 1),
                ])
                try await runFleet(bootstrap: broker.bootstrap, store: postgres.url, options: options, partitions: 6,
                                   logPartitions: 6, seed: 1)
            }
        }
    }

    /// librdkafka's mock cluster (three brokers, in this process; the workers connect over loopback like to any
    /// cluster) with its faults injected while the workers run and are killed: request errors on produce, fetch,
    /// commit and heartbeat, a broker down and up again, the group coordinator moved. A smaller feed: the mock keeps
    /// only 5 MB per partition, and every record must still be there to be checked.
    @Test func theSameRunThroughTheMockClustersFaultsEndsTheSameWay() async throws {
        let options = FeedGeneratorOptions(tenants: 20, users: 1_000, groups: 60, changes: 5_000, seed: 2_027,
                                           malformedRate: 0.002, organizations: 5)
        try await withPostgresServer { postgres in
            let cluster = try KafkaMockCluster(brokers: 3)
            try cluster.createTopic("directory-changes", partitions: 12)
            try cluster.createTopic("provisioning-log", partitions: 32)
            try cluster.createTopic("directory-changes.dlq", partitions: 1)
            var faults = MockFaults(cluster: cluster, group: "fleet")
            try await runFleet(bootstrap: cluster.bootstrap, store: postgres.url, options: options, partitions: 12,
                               logPartitions: 32, slices: 12, seed: 2, killEvery: 1_000...3_000,
                               chaos: { try faults.step() }, heal: { try faults.heal() })
            #expect(faults.injected >= 4, "only \(faults.injected) faults were injected before the workers finished")
            withExtendedLifetime(cluster) {}
        }
    }

    /// Starts three workers, publishes the feed to them (in `slices`, a second apart), kills one every `killEvery`
    /// milliseconds and calls `chaos` every 200 ms until the store's progress reaches the end of every partition,
    /// then `heal`, stops the workers with SIGTERM, and checks everything against the reference.
    private func runFleet(_ name: String = #function, bootstrap: String, store url: String, options: FeedGeneratorOptions,
                          partitions: Int32, logPartitions: Int, slices: Int = 1, seed: UInt64,
                          killEvery: ClosedRange<Int> = 2_000...5_000, chaos: () throws -> Void = {},
                          heal: () throws -> Void = {}) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        let store = try openStore(StoreLocation.parse(url), logger: Self.logger)  // creates the schema once
        // The workers' logs stay after the run (a failure names them): .build/fleet-logs/<test>/worker-N.log.
        let dir = ProjectPaths.root.appendingPathComponent(".build/fleet-logs/\(name.prefix { $0 != "(" })")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fleet = WorkerFleet(size: 3, bootstrap: bootstrap, store: url, group: "fleet", directory: dir)
        try fleet.startAll()
        let logger = Self.logger
        let publication = FeedPublication {
            try FleetFeed(options: options, partitions: partitions, bootstrap: bootstrap, slices: slices, logger: logger)
        }

        var random = SplitMix(seed: seed)
        var nextKill = clock.now + .milliseconds(Int.random(in: killEvery, using: &random))
        var kills = 0
        var published: (feed: FleetFeed, reference: FleetReference, at: ContinuousClock.Instant)?
        var done = false
        let deadline = clock.now + .seconds(600)
        while clock.now < deadline {
            if published == nil, let result = publication.result {
                let (feed, reference) = try result.get()
                published = (feed, reference, clock.now)
            }
            if let ends = published?.feed.endOffsets {
                let progress = try store.progress(group: "fleet", topic: "directory-changes", partitions: Array(ends.keys))
                if ends.allSatisfy({ progress[$0.key] == $0.value }) {
                    done = true
                    break
                }
            }
            if let (index, status) = fleet.exited().first {
                Issue.record("worker \(index) exited on its own with \(status); \(fleet.logPath(index)) ends:\n\(fleet.logTails(lines: 60))")
                break
            }
            if clock.now >= nextKill {
                try fleet.killAndRestart(Int.random(in: 0..<3, using: &random))
                kills += 1
                nextKill = clock.now + .milliseconds(Int.random(in: killEvery, using: &random))
            }
            try chaos()
            try await Task.sleep(for: .milliseconds(200))
        }
        let applied = clock.now
        try heal()
        let statuses = fleet.stopAll(timeout: 30)
        #expect(done, "not every record was applied in time\n\(fleet.logTails())")
        #expect(statuses == [0, 0, 0], "workers stopped with \(statuses) on SIGTERM\n\(fleet.logTails())")
        #expect(kills >= 3, "only \(kills) kills happened while records were left to apply")
        guard let (feed, reference, publishedAt) = published else { return }
        #expect(feed.summary.malformedLines > 0 && feed.republished > 0 && feed.misKeyed > 0)

        let outcome = try FleetOutcome(store: store, feed: feed, reference: reference, bootstrap: bootstrap,
                                       logPartitions: logPartitions, logger: Self.logger)
        print("""
            fleet: \(feed.placed.count) records (\(feed.summary.lines) generated, \(feed.summary.malformedLines) \
            malformed, \(feed.republished) published twice, \(feed.misKeyed) mis-keyed) on \(partitions) partitions; \
            published with the reference after \(publishedAt - began), all applied after \(applied - began) by 3 workers \
            with \(kills) SIGKILLs; log \(outcome.logRecords) records, \(outcome.distinctEntries) distinct entries \
            (reference \(reference.entryCount)), \(outcome.repeatedEntries) repeated after kills; \(outcome.deadLetters) \
            dead letters; \(reference.state.targetUsers.count) target users; worker logs in \(dir.path)
            """)
    }
}

/// The mock cluster's faults, one step every few calls, in a fixed rotation; each undone by a later step.
struct MockFaults {
    let cluster: KafkaMockCluster
    let group: String
    private var calls = 0
    private(set) var injected = 0
    private var downBroker: Int32?

    init(cluster: KafkaMockCluster, group: String) {
        self.cluster = cluster
        self.group = group
    }

    /// Undoes what is still in effect (a broker down, errors not yet consumed), so the workers can stop and the
    /// topics be read.
    mutating func heal() throws {
        if let broker = downBroker { try cluster.setBrokerUp(broker) }
        downBroker = nil
        for api in [KafkaMockCluster.APIKey.produce, .fetch, .offsetCommit, .heartbeat] { cluster.clearRequestErrors(api) }
    }

    /// Called every 200 ms: every 5th call (1 s) injects the next fault of the rotation (or brings a broker back).
    mutating func step() throws {
        calls += 1
        guard calls % 5 == 0 else { return }
        if let broker = downBroker {
            try cluster.setBrokerUp(broker)
            downBroker = nil
            return
        }
        switch injected % 5 {
        case 0: cluster.pushRequestErrors(.produce, [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
        case 1: cluster.pushRequestErrors(.fetch, [.notLeaderForPartition, .unknownTopicOrPartition, .requestTimedOut])
        case 2:
            cluster.pushRequestErrors(.offsetCommit, [.rebalanceInProgress, .coordinatorLoadInProgress, .notCoordinator])
            cluster.pushRequestErrors(.heartbeat, [.notCoordinator, .coordinatorNotAvailable])
        case 3:
            let broker = Int32(injected / 5 % 3 + 1)
            try cluster.setBrokerDown(broker)
            downBroker = broker
        default: try cluster.setGroupCoordinator(group, broker: Int32(injected / 5 % 3 + 1))
        }
        injected += 1
    }
}

/// A small seeded generator, so the kill schedule is reproducible.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
