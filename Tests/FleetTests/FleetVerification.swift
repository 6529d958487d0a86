import Foundation
import Kafka
import Support
import SyncCore
import SyncStore
import Testing
@testable import SyncWorker

/// Every record of a topic from the beginning to its end, read with a plain consumer (no group).
///
/// Reads at least to the high watermarks, then on until nothing new arrives for two seconds: Tansu 0.6 reports
/// high watermarks below the real end after multi-record batches, so they are a floor, not the end. `#expect`s
/// that no partition lost its oldest records.
func readTopic(bootstrap: String, _ topic: String, partitions: Int, logger: Logger) throws -> [ConsumerRecord] {
    let consumer = try KafkaConsumer(config: KafkaConsumerConfig(bootstrapServers: bootstrap), logger: logger)
    var ends: [Int32: Int64] = [:]
    var starts: [TopicPartition: Int64] = [:]
    for p in Int32(0)..<Int32(partitions) {
        let tp = TopicPartition(topic, p)
        let marks = try consumer.watermarks(of: tp, timeout: .seconds(30))
        ends[p] = marks.high
        starts[tp] = 0  // offset 0 itself, not the beginning the broker reports
    }
    try consumer.assign(starts)
    var received: [ConsumerRecord] = []
    var next: [Int32: Int64] = [:]
    let deadline = ContinuousClock.now + .seconds(180)
    var quietSince = ContinuousClock.now
    while ContinuousClock.now < deadline {
        let batch = try consumer.poll(maxRecords: 5_000, timeout: .milliseconds(100))
        for r in batch {
            received.append(r)
            next[r.partition] = r.offset + 1
        }
        if !batch.isEmpty { quietSince = ContinuousClock.now }
        let reachedMarks = ends.allSatisfy { (next[$0.key] ?? 0) >= $0.value }
        if reachedMarks && ContinuousClock.now - quietSince > .seconds(2) { break }
    }
    try consumer.close()
    // Every partition read from offset 0: nothing lost to retention (the mock keeps 5 MB per partition). Checked
    // on the records, not the low watermark, which Tansu 0.6 has reported above 0 with every record still there.
    var first: [Int32: Int64] = [:]
    for r in received where first[r.partition] == nil { first[r.partition] = r.offset }
    for (p, offset) in first where offset != 0 {
        Issue.record("\(topic)[\(p)] lost its oldest records: the first one read is at offset \(offset)")
    }
    let floor = Int(ends.values.reduce(0, +))
    #expect(received.count >= floor, "\(topic): read \(received.count) records, below the high watermarks' \(floor)")
    return received
}

/// What the fleet left behind, checked against the reference.
struct FleetOutcome {
    /// Log entries read, repeats included.
    var logRecords = 0
    /// Entries that appear more than once (re-delivered after a kill; byte-identical, so readers drop them).
    var repeatedEntries = 0
    var distinctEntries = 0
    var deadLetters = 0

    /// Compares the store, the provisioning log and the dead-letter topic with the reference, `#expect`ing each.
    init(store: any DirectoryStore, feed: FleetFeed, reference: FleetReference, bootstrap: String,
         logPartitions: Int, logger: Logger) throws {
        // The target tenants' users, the source mirror and each tenant's state and progress (last seq).
        let tenants = Set(reference.state.tenants.keys)
            .union(reference.state.tenants.values.flatMap { $0.members.map(\.id) })
            .union(reference.state.targetUsers.keys.map(\.targetTenant))
        var targets: [TargetUserKey: TargetUser] = [:]
        var sources: [SourceUserKey: SourceUser] = [:]
        for tenant in tenants {
            for record in try store.targetUsers(tenant: tenant) {
                let user = try StateRecordCodec.decodeTargetUser(record.body)
                targets[user.key] = user
            }
            for record in try store.sourceUsers(tenant: tenant) {
                let user = try StateRecordCodec.decodeSourceUser(record.body)
                sources[user.key] = user
            }
        }
        #expect(targets.count == reference.state.targetUsers.count)
        #expect(targets == reference.state.targetUsers, "target users differ from the reference")
        #expect(sources == reference.state.sourceUsers, "the source mirror differs from the reference")
        var states: [String: TenantState] = [:]
        for record in try store.tenantStates() {
            states[record.tenant] = try StateRecordCodec.decodeTenantState(record.body)
        }
        #expect(states == reference.state.tenants, "tenant states (progress, thresholds) differ from the reference")
        #expect(try store.pendingOutbox(limit: 1).isEmpty, "outbox rows left unpublished")

        // The input topic holds the feed's records where the delivery reports placed them (the reference's input).
        var input: [[Int64]: [UInt8]] = [:]
        for r in try readTopic(bootstrap: bootstrap, "directory-changes", partitions: feed.partitions, logger: logger) {
            input[[Int64(r.partition), r.offset]] = Array(r.value ?? [])
        }
        let misplaced = feed.placed.filter { input[[Int64($0.partition), $0.offset]] != $0.value }
        #expect(misplaced.isEmpty && input.count == feed.placed.count,
                "directory-changes: \(input.count) records, \(feed.placed.count) published, \(misplaced.count) not where reported")

        // The provisioning log: every reference entry, nothing else; a repeat is the same bytes.
        var byId: [String: [UInt8]] = [:]
        var seen: [String: Int] = [:]
        let log = try readTopic(bootstrap: bootstrap, "provisioning-log", partitions: logPartitions, logger: logger)
        for r in log {
            let value = Array(r.value ?? [])
            guard let entry = try? LogEntryCodec.decode(value) else {
                Issue.record("undecodable log entry at \(r.partition):\(r.offset)")
                continue
            }
            if let earlier = byId.updateValue(value, forKey: entry.id), earlier != value {
                Issue.record("log entry \(entry.id) published twice with different bytes")
            }
            seen[entry.id, default: 0] += 1
        }
        logRecords = log.count
        distinctEntries = byId.count
        repeatedEntries = seen.values.filter { $0 > 1 }.count
        let missing = Set(reference.entries.keys).subtracting(byId.keys)
        let extra = Set(byId.keys).subtracting(reference.entries.keys)
        let different = byId.keys.filter { reference.entries[$0] != nil && reference.entries[$0] != byId[$0] }
        #expect(missing.isEmpty && extra.isEmpty && different.isEmpty,
                "log: missing \(missing.count), extra \(extra.count), different \(different.count) of \(reference.entries.count)")
        for id in (missing.sorted() + different.sorted()).prefix(10) {
            let source = reference.entrySources[id].map { "record \($0[0]):\($0[1])" } ?? "?"
            let entry = reference.entries[id].flatMap { try? LogEntryCodec.decode($0) }
            print("\(missing.contains(id) ? "missing" : "different") \(id) from \(source): \(entry?.changeId ?? "?") "
                + "\(entry?.configurationId ?? "?") \(entry.map { "\($0.action)" } ?? "?") \(entry?.sourceId ?? "?")")
        }
        if let id = different.first, let a = byId[id], let b = reference.entries[id] {
            print("different: \(String(decoding: a, as: UTF8.self))\nreference: \(String(decoding: b, as: UTF8.self))")
        }

        // Dead letters: exactly the reference's records, with their original bytes and a reason.
        var originals: [[Int64]: [UInt8]] = [:]
        for r in feed.placed { originals[[Int64(r.partition), r.offset]] = r.value }
        var letters = Set<[Int64]>()
        for record in try readTopic(bootstrap: bootstrap, "directory-changes.dlq", partitions: 1, logger: logger) {
            let text = { (name: String) in record.header(name)?.value.map { String(decoding: $0, as: UTF8.self) } }
            #expect(!(text(DeadLetterHeaders.reason) ?? "").isEmpty, "a dead letter without a reason")
            guard let partition = text(DeadLetterHeaders.partition).flatMap({ Int64($0) }),
                  let offset = text(DeadLetterHeaders.offset).flatMap({ Int64($0) }) else {
                Issue.record("a dead letter without partition and offset headers")
                continue
            }
            #expect(Array(record.value ?? []) == originals[[partition, offset]], "dead letter \(partition):\(offset) is not the original bytes")
            letters.insert([partition, offset])
        }
        deadLetters = letters.count
        #expect(letters == reference.deadLetters,
                "dead letters: missing \(reference.deadLetters.subtracting(letters).count), extra \(letters.subtracting(reference.deadLetters).count)")
    }
}
