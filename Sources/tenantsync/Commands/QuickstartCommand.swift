import FastJSON
import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import SyncOps
import SyncStore
import SyncWorker

let quickstartCommand = CommandSpec(
    ["quickstart"], summary: "run the embedded default: in-process Kafka, two workers, SQLite under ./tenantsync-data",
    discussion: """
    Starts librdkafka's in-process mock cluster with the topics of topics/, generates a sample organization of three
    tenants (--users source users, groups with members, owners and nested groups, guests, a share) and a stream of
    --changes changes, publishes them to directory-changes keyed by source tenant, runs two real workers in one
    consumer group on the SQLite store ./tenantsync-data/tenantsync.db until every record is applied, and prints
    what was created, updated, soft-deleted and skipped per target tenant.
    The provisioning log is copied to ./tenantsync-data/provisioning-log.jsonl (the in-process cluster ends with
    the command). Each run starts from an empty ./tenantsync-data store. The in-process cluster keeps at most 5 MB per
    partition (librdkafka's mock), so the sample is kept small; a sample too large for it is refused, not cut.
    """,
    options: [
        OptionSpec("--users", value: "N", help: "source users in the sample organization", default: "2000"),
        OptionSpec("--changes", value: "N", help: "changes after the initial load", default: "3000"),
        OptionSpec("--seed", value: "S", help: "seed of the sample organization", default: "1"),
        OptionSpec("--data", value: "DIR", help: "where the store and the log copy go", default: "tenantsync-data"),
        OptionSpec("--log-level", value: "LEVEL", help: "trace, debug, info, notice, warning, error",
                   env: "TENANTSYNC_LOG_LEVEL", default: "warning"),
    ]
) { options in
    let users = try options.int("--users", in: 1...1_000_000) ?? 2000
    let changes = try options.int("--changes", in: 0...10_000_000) ?? 3000
    guard let seed = UInt64(options.string("--seed") ?? "1") else { throw UsageError("--seed: expected an integer") }
    let logger = try CommonOptions.logger(options, label: "quickstart")
    let data = URL(fileURLWithPath: options.string("--data") ?? "tenantsync-data")
    print(versionText())

    // A fresh store: its progress refers to the offsets of a cluster that lives only as long as this command.
    try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    let databasePath = data.appendingPathComponent("tenantsync.db").path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
    let location = try StoreLocation.parse("sqlite:\(databasePath)")
    let store = try openStore(location, logger: logger.labeled("store"))

    // 1. An in-process Kafka cluster with the topics of topics/.
    let cluster = try KafkaMockCluster(brokers: 1)
    for topic in TopicCatalog.all { try cluster.createTopic(topic.name, partitions: topic.partitions) }
    print("in-process Kafka cluster at \(cluster.bootstrap), topics: \(TopicCatalog.all.map(\.name).joined(separator: ", "))")

    // 2. A sample organization and its changes, published keyed by source tenant.
    var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: 3, users: users, groups: max(3, users / 100),
                                                                changes: changes, seed: seed))
    let started = ContinuousClock.now
    let summary = try publishSample(&generator, bootstrap: cluster.bootstrap, logger: logger)
    print("published \(summary.lines) change events (\(summary.setupLines) of initial load, \(changes) changes)")

    // 3. Two workers in one consumer group, until the store has applied every record.
    let input = TopicCatalog.directoryChanges.name
    let probe = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: cluster.bootstrap), logger: logger.labeled("kafka"))
    var ends: [Int32: Int64] = [:]
    for p in 0..<Int32(TopicCatalog.directoryChanges.partitions) {
        let marks = try probe.watermarks(of: TopicPartition(input, p))
        guard marks.low == 0 else {
            throw UsageError("the sample does not fit the in-process cluster (5 MB per partition): "
                + "use fewer --users or --changes")
        }
        if marks.high > 0 { ends[p] = marks.high }
    }
    var configuration = WorkerConfiguration(bootstrap: cluster.bootstrap)
    configuration.group = "tenantsync-quickstart"
    configuration.sessionTimeout = .seconds(6)
    configuration.heartbeatInterval = .milliseconds(300)
    // In a scope of their own, so the workers' Kafka clients are gone before the cluster is.
    do {
        let metrics = Metrics()
        let storeLogger = logger.labeled("store")
        let workers = (0..<2).map { i in
            var c = configuration
            c.workerName = "quickstart-\(i)"
            return Worker(configuration: c, metrics: metrics, logger: logger.labeled("worker-\(i)")) {
                try openStore(location, logger: storeLogger)
            }
        }
        for worker in workers { worker.start() }
        let deadline = ContinuousClock.now + .seconds(600)
        var applied = false
        while ContinuousClock.now < deadline, workers.allSatisfy({ $0.failure == nil }) {
            let progress = try store.progress(group: configuration.group, topic: input, partitions: Array(ends.keys))
            if ends.allSatisfy({ progress[$0.key] == $0.value }) {
                applied = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        for worker in workers { worker.stop() }
        for worker in workers { _ = worker.join(timeout: .seconds(30)) }
        if let failure = workers.compactMap(\.failure).first { throw QuickstartError("a worker failed: \(failure)") }
        guard applied else { throw QuickstartError("the workers did not apply every record within 10 minutes") }
    }
    let elapsed = (ContinuousClock.now - started).components
    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    print("two workers applied \(summary.lines) records in \(String(format: "%.1f", seconds)) s")

    // 4. The provisioning log: copied next to the store, summarized per target tenant.
    let logCopy = data.appendingPathComponent("provisioning-log.jsonl")
    let sink = try LineSink(path: logCopy.path)
    var tally: [String: [String: Int]] = [:]
    let stats = try LogReader(bootstrap: cluster.bootstrap, topic: TopicCatalog.provisioningLog.name,
                              logger: logger.labeled("logs")).read(
        follow: false, onUndecodable: { _, _, _ in }, onEntry: { entry in
            try? sink.write(LogEntryCodec.encode(entry))
            let column = entry.status == .success ? entry.action.rawValue : entry.status.rawValue
            tally[entry.targetTenant, default: [:]][column, default: 0] += 1
        })
    try sink.close()
    var trimmed = false
    for p in 0..<Int32(TopicCatalog.provisioningLog.partitions) {
        if try probe.watermarks(of: TopicPartition(TopicCatalog.provisioningLog.name, p)).low > 0 { trimmed = true }
    }
    try probe.close()
    print("\nprovisioning log per target tenant (\(stats.entries) entries):")
    if trimmed {
        print("(the in-process cluster dropped the oldest entries of a partition past 5 MB: counts cover the newest)")
    }
    let columns = ["create", "update", "delete", "restore", "disable", "stagedDelete", "skipped", "failure"]
    var table = [["TARGET"] + columns]
    for tenant in tally.keys.sorted() { table.append([tenant] + columns.map { String(tally[tenant]?[$0] ?? 0) }) }
    print(TextTable.render(table), terminator: "")
    var active = 0, deleted = 0
    var example: TargetUserRecord?  // a synced user, for the provision example below
    for tenant in tally.keys.sorted() {
        for user in try store.targetUsers(tenant: tenant) {
            if user.isSoftDeleted { deleted += 1 } else { active += 1 }
            if example == nil && !user.isSoftDeleted { example = user }
        }
    }
    print("\ntarget users now: \(active) active, \(deleted) soft-deleted")
    withExtendedLifetime(cluster) {}
    print("""

    data:  \(databasePath) (SQLite: target users, source mirror, progress)
    log:   \(logCopy.path) (one provisioning-log entry per line)
    next:  tenantsync config list --store sqlite:\(databasePath)
    \(example.map { "       tenantsync provision --dry-run --store sqlite:\(databasePath) --source \($0.sourceTenant) --user \($0.sourceUserId)\n" } ?? "")\
           tenantsync simulate --scenario FILE     (a whole scenario through the same pipeline)
           tenantsync bench --stage kafka          (and --stage store)
    """)
    return 0
}

/// Publishes the generated sample keyed by source tenant and waits for every delivery; the producer is gone when
/// this returns.
private func publishSample(_ generator: inout FeedGenerator, bootstrap: String, logger: Logger) throws -> FeedSummary {
    var publisher = try KafkaChangePublisher(bootstrap: bootstrap, logger: logger.labeled("kafka"))
    let summary = try generator.generate { line in
        guard let tenant = try JSONValue(parsing: line)["tenantId"]?.string else {
            throw QuickstartError("a generated line has no tenantId")
        }
        try publisher.publish(key: Array(tenant.utf8), value: line)
    }
    try publisher.flush()
    return summary
}

struct QuickstartError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
