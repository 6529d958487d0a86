import FastJSON
import Foundation
import Kafka
import Support
import SyncCore
import SyncStore

/// Runs a scenario (`scenario.md`) through the real pipeline: an in-process mock cluster, `workers` real `Worker`s
/// sharing one SQLite store in a temporary folder, and prints the result object.
///
/// The result does not depend on the number of workers or partitions: log entries are stamped with each change's
/// `occurredAt`, and the log is ordered by the publish order of the record that produced each entry (then by the
/// order the worker produced them, read back from a one-partition log topic).
public struct Simulation: Sendable {
    /// Workers in the process (each with its own store connection). Default 1.
    public var workers: Int
    /// Partitions of `directory-changes`. Default 3.
    public var partitions: Int
    /// The longest wait for every record to be applied. Default 120 s.
    public var timeout: Duration = .seconds(120)
    /// The most records a worker applies in one batch (one store transaction). Default 500, so a small scenario is
    /// usually one batch; 1 applies every record in a transaction of its own, which makes every step go through
    /// the store (the result must not change).
    public var maxBatch: Int = 500

    /// Creates a simulation.
    /// - Parameters:
    ///   - workers: at least 1.
    ///   - partitions: at least 1.
    public init(workers: Int = 1, partitions: Int = 3) {
        self.workers = max(1, workers)
        self.partitions = max(1, partitions)
    }

    /// Decodes and runs a scenario file; never throws: errors become an exit status and a message.
    /// - Parameters:
    ///   - bytes: the scenario file.
    ///   - logger: where the cluster and workers log.
    public func run(scenario bytes: [UInt8], logger: Logger) -> SimulationOutcome {
        let scenario: Scenario
        do {
            scenario = try ScenarioCodec.decode(bytes)
        } catch {
            return SimulationOutcome(status: 2, error: "invalid scenario: \(error.reason)")
        }
        do {
            return SimulationOutcome(status: 0, output: try run(scenario, logger: logger).serializedString())
        } catch {
            return SimulationOutcome(status: 1, error: "simulate failed: \(error)")
        }
    }

    /// Runs a decoded scenario and returns the result object `{"targets", "configurations", "log"}`.
    /// - Throws: `SimulationError` when the records are not all applied in time, Kafka and store errors.
    public func run(_ scenario: Scenario, logger: Logger) throws -> JSONValue {
        let input = "directory-changes", logTopic = "provisioning-log", group = "simulate"
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { withExtendedLifetime(cluster) {} }
        try cluster.createTopic(input, partitions: partitions)
        try cluster.createTopic(logTopic, partitions: 1)
        try cluster.createTopic("directory-changes.dlq", partitions: 1)

        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("tenantsync-simulate-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let location = try StoreLocation.parse("sqlite:\(dir.path)/store.db")
        let storeLogger = logger.labeled("store")
        let store = try openStore(location, logger: storeLogger)
        try preload(scenario.targetUsers, into: store)

        // Publish in order, keyed by tenant; the end offsets say when everything is applied.
        let producer = try KafkaProducer(config: KafkaProducerConfig(bootstrapServers: cluster.bootstrap), logger: logger)
        var indexBySend: [UInt64: Int] = [:]
        for (index, change) in scenario.records.enumerated() {
            let id = try producer.send(ProducerRecord(topic: input, key: Array(change.tenantId.utf8), value: ChangeCodec.encode(change)))
            indexBySend[id] = index
        }
        let reports = try producer.flush(timeout: .seconds(30)) + producer.poll()
        if let failure = reports.first(where: { $0.error != nil })?.error { throw failure }
        var placements: [Placement] = []
        for report in reports {
            if let index = indexBySend[report.id] {
                placements.append(Placement(index: index, partition: report.partition, offset: report.offset))
            }
        }
        guard placements.count == scenario.records.count else {
            throw SimulationError("\(scenario.records.count - placements.count) records have no delivery report")
        }
        let probe = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: cluster.bootstrap), logger: logger)
        var ends: [Int32: Int64] = [:]
        for p in 0..<Int32(partitions) {
            let high = try probe.watermarks(of: TopicPartition(input, p)).high
            if high > 0 { ends[p] = high }
        }

        var configuration = WorkerConfiguration(bootstrap: cluster.bootstrap)
        configuration.group = group
        configuration.inputTopic = input
        configuration.logTopic = logTopic
        configuration.maxBatch = max(1, maxBatch)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .milliseconds(300)
        configuration.processingTime = .occurredAt
        configuration.clock = { Scenario.baseTime }
        let metrics = Metrics()
        let fleet = (0..<workers).map { i in
            var c = configuration
            c.workerName = "simulate-\(i)"
            return Worker(configuration: c, metrics: metrics, logger: logger.labeled("worker-\(i)")) {
                try openStore(location, logger: storeLogger)
            }
        }
        for worker in fleet { worker.start() }
        let deadline = ContinuousClock.now + timeout
        var applied = false
        while ContinuousClock.now < deadline, fleet.allSatisfy({ $0.failure == nil }) {
            let progress = try store.progress(group: group, topic: input, partitions: Array(ends.keys))
            if ends.allSatisfy({ progress[$0.key] == $0.value }) {
                applied = true
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        for worker in fleet { worker.stop() }
        for worker in fleet { worker.join(timeout: .seconds(30)) }
        if let failure = fleet.compactMap(\.failure).first { throw SimulationError("a worker failed: \(failure)") }
        guard applied else { throw SimulationError("not every record was applied within \(timeout)") }
        // Rows a stopping worker could not publish.
        let relay = OutboxRelay(store: store, publisher: KafkaOutboxPublisher(producer: producer, logTopic: logTopic))
        try relay.relay()

        let log = try readLog(cluster, topic: logTopic, consumer: probe, records: scenario.records, placements: placements)
        try probe.close()
        return try result(store, scenario: scenario, log: log)
    }

    private func preload(_ users: [TargetUser], into store: any DirectoryStore) throws {
        guard !users.isEmpty else { return }
        var batch = StoreBatch()
        for user in users {
            batch.targetUsers.append(TargetUserRecord(
                targetTenant: user.targetTenant, id: user.id, sourceTenant: user.key.sourceTenant,
                sourceUserId: user.key.sourceUserId,
                userPrincipalName: user[property: "userPrincipalName"].stringValue ?? "",
                isSoftDeleted: user.isSoftDeleted,
                softDeletedAt: user.softDeletedAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) },
                body: StateRecordCodec.encode(user)))
        }
        try store.apply(batch)
    }

    /// Where a scenario record landed in `directory-changes`.
    private struct Placement {
        var index: Int
        var partition: Int32
        var offset: Int64
    }

    /// Every log entry once, ordered by the publish index of its change, then by the order it was produced.
    ///
    /// Entry ids derive from the input record's partition and offset (`provisioning-log.md`), which depend on the
    /// partition count: each id is recomputed as if the record were at offset `index` of a single partition (what a
    /// one-partition run gives), after finding the record whose placement yields the entry's actual id.
    private func readLog(_ cluster: KafkaMockCluster, topic: String, consumer: KafkaConsumer,
                         records: [ChangeEvent], placements: [Placement]) throws -> [JSONValue] {
        let partition = TopicPartition(topic, 0)
        let (start, end) = try consumer.watermarks(of: partition)
        // The mock cluster keeps a few MB per partition and drops the oldest records beyond that.
        guard start <= 0 else {
            throw SimulationError("the provisioning log outgrew the in-process cluster (\(start) oldest entries dropped): use a smaller scenario")
        }
        try consumer.assign([partition: KafkaOffset.beginning])
        var values: [[UInt8]] = []
        var next: Int64 = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while next < end {
            guard ContinuousClock.now < deadline else { throw SimulationError("the provisioning log could not be read back") }
            for r in try consumer.poll(maxRecords: 1_000, timeout: .milliseconds(100)) {
                values.append(Array(r.value ?? []))
                next = r.offset + 1
            }
        }
        var candidates: [String: [Placement]] = [:]
        for placement in placements { candidates[records[placement.index].changeId, default: []].append(placement) }
        var seen = Set<String>()
        var entries: [(index: Int, position: Int, value: JSONValue)] = []
        for (position, bytes) in values.enumerated() {
            var entry = try LogEntryCodec.decode(bytes)
            guard seen.insert(entry.id).inserted else { continue }  // a row two relays published
            let source = (candidates[entry.changeId] ?? []).first {
                ProvisioningLogEntry.makeID(partition: $0.partition, offset: $0.offset, sourceTenant: entry.sourceTenant,
                                            configurationId: entry.configurationId, targetTenant: entry.targetTenant,
                                            sourceId: entry.sourceId) == entry.id
            }
            guard let source else { throw SimulationError("log entry \(entry.id) matches no published record") }
            entry.id = ProvisioningLogEntry.makeID(partition: 0, offset: Int64(source.index), sourceTenant: entry.sourceTenant,
                                                   configurationId: entry.configurationId, targetTenant: entry.targetTenant,
                                                   sourceId: entry.sourceId)
            entries.append((source.index, position, try JSONValue(parsing: LogEntryCodec.encode(entry))))
        }
        entries.sort { ($0.index, $0.position) < ($1.index, $1.position) }
        return entries.map(\.value)
    }

    private func result(_ store: any DirectoryStore, scenario: Scenario, log: [JSONValue]) throws -> JSONValue {
        let states = try store.tenantStates().map { try StateRecordCodec.decodeTenantState($0.body) }
        var tenants = Set(scenario.organizations.flatMap { $0.tenants.map(\.id) })
        tenants.formUnion(scenario.targetUsers.map(\.targetTenant))
        tenants.formUnion(try store.tenantStates().map(\.tenant))
        var users: [TargetUser] = []
        for tenant in tenants.sorted() {
            for record in try store.targetUsers(tenant: tenant) { users.append(try StateRecordCodec.decodeTargetUser(record.body)) }
        }
        return .object(JSONObject([
            ("targets", ResultSnapshot.targets(users)),
            ("configurations", ResultSnapshot.configurations(states)),
            ("log", .array(log)),
        ]))
    }
}
