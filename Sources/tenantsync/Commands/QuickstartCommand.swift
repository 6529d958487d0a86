import FastJSON
import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed

let quickstartCommand = CommandSpec(
    ["quickstart"], summary: "run the embedded default: in-process Kafka, a sample organization, a stream of changes",
    discussion: """
    Starts librdkafka's in-process mock cluster, creates the topics, generates a sample organization of three
    tenants (--users source users, groups, a share) and a stream of changes, publishes them to directory-changes,
    consumes them back and applies them with the domain core, then prints what was created, updated, soft-deleted
    and skipped per target tenant.
    Interim: the worker fleet (issue 7) will replace the in-memory apply with real workers writing SQLite under
    ./tenantsync-data and publishing the provisioning log; until then nothing is written to disk.
    """,
    options: [
        OptionSpec("--users", value: "N", help: "source users in the sample organization", default: "3000"),
        OptionSpec("--changes", value: "N", help: "changes after the initial load", default: "20000"),
        OptionSpec("--seed", value: "S", help: "seed of the sample organization", default: "1"),
        OptionSpec("--log-level", value: "LEVEL", help: "trace, debug, info, notice, warning, error",
                   env: "TENANTSYNC_LOG_LEVEL", default: "warning"),
    ]
) { options in
    let users = try options.int("--users", in: 1...1_000_000) ?? 3000
    let changes = try options.int("--changes", in: 0...10_000_000) ?? 20_000
    guard let seed = UInt64(options.string("--seed") ?? "1") else { throw UsageError("--seed: expected an integer") }
    let logger = try CommonOptions.logger(options, label: "quickstart")
    print(versionText())

    // 1. An in-process Kafka cluster with the topics of topics/.
    let cluster = try KafkaMockCluster(brokers: 1)
    for topic in TopicCatalog.all { try cluster.createTopic(topic.name, partitions: topic.partitions) }
    print("in-process Kafka cluster at \(cluster.bootstrap), topics: \(TopicCatalog.all.map(\.name).joined(separator: ", "))")

    // 2. A sample organization and its changes, published keyed by source tenant.
    var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: 3, users: users, groups: max(3, users / 100),
                                                                changes: changes, seed: seed))
    let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: cluster.bootstrap),
                                     logger: logger.labeled("kafka"))
    var published = 0
    let started = ContinuousClock.now
    let summary = try generator.generate { line in
        let tenant = try JSONTenant.of(line)
        _ = try producer.send(ProducerRecord(topic: TopicCatalog.directoryChanges.name, key: Array(tenant.utf8), value: line))
        published += 1
    }
    let failed = try producer.flush(timeout: .seconds(60)).filter { !$0.isDelivered }
    guard failed.isEmpty else { throw QuickstartError("\(failed.count) records were not delivered") }
    print("published \(published) change events (\(summary.setupLines) of initial load, \(changes) changes)")

    // 3. Consume them back and apply them with the domain core, partition by partition in offset order.
    var config = KafkaConsumerConfig(bootstrapServers: cluster.bootstrap, groupID: "tenantsync-quickstart")
    config.sessionTimeout = .seconds(6)
    let consumer = try KafkaConsumer(config: config, logger: logger.labeled("kafka"))
    try consumer.subscribe([TopicCatalog.directoryChanges.name])
    var state = DirectoryState()
    var tally: [String: [String: Int]] = [:]
    var consumed = 0
    var rejected = 0
    let deadline = ContinuousClock.now + .seconds(120)
    while consumed < published && ContinuousClock.now < deadline {
        let batch = try consumer.poll(maxRecords: 5000, timeout: .milliseconds(200))
        var records: [ChangeRecord] = []
        records.reserveCapacity(batch.count)
        for record in batch {
            consumed += 1
            guard let value = record.value, let change = try? ChangeCodec.decode(Array(value)) else {
                rejected += 1
                continue
            }
            records.append(ChangeRecord(change: change, partition: record.partition, offset: record.offset,
                                        processedAt: Date()))
        }
        for outcome in Engine.apply(records, to: &state) {
            guard case .applied(let entries) = outcome else { rejected += 1; continue }
            for entry in entries {
                let key = entry.status == .success ? entry.action.rawValue : entry.status.rawValue
                tally[entry.targetTenant, default: [:]][key, default: 0] += 1
            }
        }
    }
    try consumer.close()
    let elapsed = (ContinuousClock.now - started).components
    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    guard consumed >= published else { throw QuickstartError("consumed \(consumed) of \(published) records in time") }

    // 4. What happened, per target tenant.
    print("applied \(consumed) records in \(String(format: "%.1f", seconds)) s (\(rejected) rejected)\n")
    print("per target tenant (provisioning-log entries):")
    let columns = ["create", "update", "delete", "restore", "disable", "stagedDelete", "skipped", "failure"]
    print("  " + "tenant".padding(toLength: 12, withPad: " ", startingAt: 0)
        + columns.map { $0.padding(toLength: 13, withPad: " ", startingAt: 0) }.joined())
    for tenant in tally.keys.sorted() {
        let row = columns.map { String(tally[tenant]?[$0] ?? 0).padding(toLength: 13, withPad: " ", startingAt: 0) }
        print("  " + tenant.padding(toLength: 12, withPad: " ", startingAt: 0) + row.joined())
    }
    let active = state.targetUsers.values.filter { !$0.isSoftDeleted }.count
    let deleted = state.targetUsers.values.count - active
    print("\ntarget users now: \(active) active, \(deleted) soft-deleted")
    print("next: `tenantsync generate --help`, `tenantsync bench --stage kafka`, `tenantsync bench --stage store`")
    return 0
}

/// Reads the source tenant of a change-event line: the record key.
enum JSONTenant {
    static func of(_ line: [UInt8]) throws -> String {
        guard let tenant = try JSONValue(parsing: line)["tenantId"]?.string else {
            throw QuickstartError("a generated line has no tenantId")
        }
        return tenant
    }
}

struct QuickstartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
