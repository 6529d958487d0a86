import Foundation
import Kafka
import Support
import SyncCore
import SyncFeed
import SyncStore
import TestSupport
import Testing
@testable import SyncWorker

/// The fixed processing time of every test batch, so log entries compare byte for byte.
let fixedNow = Date(timeIntervalSince1970: 1_767_300_000)

/// Opens (or reopens) the SQLite store of a test folder.
func openTestStore(_ dir: URL) throws -> any DirectoryStore {
    try openStore(StoreLocation.parse("sqlite:\(dir.path)/store.db"), logger: Logger(label: "store", level: .error))
}

/// An applier over a test store with the fixed clock.
func makeApplier(_ store: any DirectoryStore) -> BatchApplier {
    BatchApplier(store: store, group: "workers", workerName: "test-worker", clock: { fixedNow })
}

/// A generated feed cut into partitions by source tenant, plus the reference model's results over it.
struct PartitionedFeed {
    var records: [InputRecord] = []
    var summary: FeedSummary
    /// The reference: every record through the engine over one in-memory state, in feed order.
    var reference = DirectoryState()
    var referenceEntries: [String: [UInt8]] = [:]
    var referenceEntryCount = 0
    /// Records the reference sends to the dead-letter topic, by (partition, offset).
    var referenceDeadLetters: Set<[Int64]> = []

    init(seed: UInt64, changes: Int, tenants: Int = 4, partitions: Int32 = 3, malformedRate: Double = 0.02) throws {
        var lines: [[UInt8]] = []
        var generator = FeedGenerator(options: FeedGeneratorOptions(tenants: tenants, users: 200, groups: 10, changes: changes,
                                                                    seed: seed, malformedRate: malformedRate))
        summary = try generator.generate { lines.append($0) }
        var nextOffset = [Int64](repeating: 0, count: Int(partitions))
        for (index, line) in lines.enumerated() {
            let change = try? ChangeCodec.decode(line)
            // Keep each tenant on one partition, as the record key does in Kafka.
            let partition = change.map { Int32(truncatingIfNeeded: StableHash.hash128([$0.tenantId]).0 % UInt64(partitions)) }
                ?? Int32(index % Int(partitions))
            let offset = nextOffset[Int(partition)]
            nextOffset[Int(partition)] += 1
            records.append(InputRecord(partition: partition, offset: offset, key: change.map { Array($0.tenantId.utf8) }, value: line))
            guard let change else {
                referenceDeadLetters.insert([Int64(partition), offset])
                continue
            }
            let record = ChangeRecord(change: change, partition: partition, offset: offset, processedAt: fixedNow)
            switch Engine.apply([record], to: &reference)[0] {
            case .applied(let entries):
                for e in entries { referenceEntries[e.id] = LogEntryCodec.encode(e) }
                referenceEntryCount += entries.count
            case .rejected:
                referenceDeadLetters.insert([Int64(partition), offset])
            }
        }
    }

    /// The records cut into random batches, each partition in order, partitions interleaved at random.
    func randomBatches(seed: UInt64, maxSize: Int) -> [[InputRecord]] {
        var queues: [Int32: ArraySlice<InputRecord>] = [:]
        for r in records { queues[r.partition, default: []].append(r) }
        var random = SplitMix(seed: seed)
        var batches: [[InputRecord]] = []
        var remaining = records.count
        while remaining > 0 {
            var batch: [InputRecord] = []
            let size = Int.random(in: 1...maxSize, using: &random)
            while batch.count < size && remaining > 0 {
                let partitions = queues.keys.filter { !queues[$0]!.isEmpty }.sorted()
                let p = partitions[Int.random(in: 0..<partitions.count, using: &random)]
                batch.append(queues[p]!.removeFirst())
                remaining -= 1
            }
            batches.append(batch)
        }
        return batches
    }
}

/// A small seeded generator, so random batching is reproducible.
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

/// Every target user in the store, decoded, by key.
func storedTargetUsers(_ store: any DirectoryStore, tenants: Set<String>) throws -> [TargetUserKey: TargetUser] {
    var result: [TargetUserKey: TargetUser] = [:]
    for tenant in tenants {
        for record in try store.targetUsers(tenant: tenant) {
            let user = try StateRecordCodec.decodeTargetUser(record.body)
            #expect(record.id == user.id && record.isSoftDeleted == user.isSoftDeleted && record.targetTenant == tenant)
            result[user.key] = user
        }
    }
    return result
}

/// Every tenant that can hold target users: the organization members the reference knows, and the source tenants.
func allTenants(_ state: DirectoryState) -> Set<String> {
    Set(state.tenants.keys).union(state.tenants.values.flatMap { $0.members.map(\.id) })
        .union(state.targetUsers.keys.map(\.targetTenant))
}

/// The messages of every pending outbox row, decoded, oldest first.
func pendingMessages(_ store: any DirectoryStore) throws -> [OutboxMessage] {
    try store.pendingOutbox(limit: 100_000).flatMap { try OutboxBody.decode($0.body) }
}

/// The header value of a message as a string.
func header(_ message: OutboxMessage, _ name: String) -> String? {
    message.headers.first { $0.key == name }?.value.map { String(decoding: $0, as: UTF8.self) }
}
