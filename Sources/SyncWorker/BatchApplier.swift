import Foundation
import Kafka
import SyncCore
import SyncStore

/// Applies batches of `directory-changes` records to one store: decode, load, decide, and write rows, progress and
/// one outbox row (log entries and dead letters) in one transaction.
///
/// - Important: Not thread-safe, like the store it owns: one worker thread creates it and calls it.
public final class BatchApplier {
    /// The store the batches are applied to.
    public let store: any DirectoryStore
    /// The consumer group whose progress is kept.
    public let group: String
    /// The input topic.
    public let topic: String
    /// The name written in the `tenantsync.dlq.worker` header.
    public let workerName: String
    private let clock: () -> Date
    private let processingTime: ProcessingTime
    // Next offset to apply per partition, as last read from or written to the store; `.some(nil)`: none recorded.
    private var progress: [Int32: Int64?] = [:]

    /// Creates an applier.
    /// - Parameters:
    ///   - store: the store it owns from now on.
    ///   - group: the consumer group; `topic`: the input topic (both name the progress rows).
    ///   - workerName: for dead-letter headers (default `host:pid`).
    ///   - clock: the processing time stamped on log entries and dead letters (tests pass a fixed one).
    ///   - processingTime: what log entries are stamped with: the clock (default) or each change's `occurredAt`.
    public init(store: any DirectoryStore, group: String, topic: String = "directory-changes",
                workerName: String = DeadLetterHeaders.defaultWorkerName, clock: @escaping () -> Date = Date.init,
                processingTime: ProcessingTime = .clock) {
        self.processingTime = processingTime
        self.store = store
        self.group = group
        self.topic = topic
        self.workerName = workerName
        self.clock = clock
    }

    /// Forgets the cached progress of these partitions (after a rebalance): it is read from the store again.
    public func resetProgress(partitions: [Int32]) {
        for p in partitions { progress[p] = nil }
    }

    /// The next offset to consume per partition, from the store (cached): where a newly assigned partition resumes.
    /// Partitions without progress recorded are absent.
    /// - Throws: `StoreError`.
    public func nextOffsets(partitions: [Int32]) throws -> [Int32: Int64] {
        try cacheProgress(for: partitions)
        var result: [Int32: Int64] = [:]
        for p in partitions { if let next = progress[p] ?? nil { result[p] = next } }
        return result
    }

    /// Applies one batch in one store transaction.
    ///
    /// Records below their partition's stored progress are skipped (a re-delivery). Undecodable and rejected
    /// records become dead letters with their original bytes.
    /// - Parameter records: the batch, in offset order per partition.
    /// - Returns: what happened; on `.fenced` nothing was written.
    /// - Throws: `StoreError` other than a progress conflict (retriable ones: apply the same batch again), or a
    ///   `ChangeDecodingError` when a stored row cannot be read.
    public func apply(_ records: [InputRecord]) throws -> AppliedBatch {
        var partitions: [Int32] = []
        for r in records where !partitions.contains(r.partition) { partitions.append(r.partition) }  // a handful
        try cacheProgress(for: partitions)
        let now = clock()

        // 1. Skip what the store has applied already; decode the rest.
        var changes: [ChangeRecord] = []
        var sources: [Int] = []  // index in `records` of each change
        changes.reserveCapacity(records.count)
        sources.reserveCapacity(records.count)
        var deadLetters: [Int: OutboxMessage] = [:]
        var lastOffset: [Int32: Int64] = [:]
        var skipped = 0
        for (index, record) in records.enumerated() {
            if let next = progress[record.partition] ?? nil, record.offset < next {
                skipped += 1
                continue
            }
            lastOffset[record.partition] = max(lastOffset[record.partition] ?? record.offset, record.offset)
            do {
                let change = try ChangeCodec.decode(record.value)
                if let mismatch = Self.keyMismatch(record.key, tenantId: change.tenantId) {
                    deadLetters[index] = deadLetter(record, reason: mismatch, code: Self.keyMismatchCode, at: now)
                    continue
                }
                let processedAt = processingTime == .clock ? now : change.occurredAt
                changes.append(ChangeRecord(change: change, partition: record.partition, offset: record.offset,
                                            processedAt: processedAt))
                sources.append(index)
            } catch {
                deadLetters[index] = deadLetter(record, reason: error.reason, code: error.code.rawValue, at: now)
            }
        }
        if lastOffset.isEmpty {
            return AppliedBatch(outcome: .alreadyApplied, records: records.count, skipped: skipped,
                                nextOffsets: currentNextOffsets(records))
        }

        // 2. Load exactly what the engine asks for, decide, and collect the messages in record order.
        var state = try loadState(for: Engine.requirements(for: changes.map(\.change)))
        let outcomes = Engine.apply(changes, to: &state)
        var entriesByRecord: [Int: [ProvisioningLogEntry]] = [:]
        var applied = 0
        for (outcome, index) in zip(outcomes, sources) {
            switch outcome {
            case .applied(let entries):
                applied += 1
                if !entries.isEmpty { entriesByRecord[index] = entries }
            case .rejected(let rejection):
                deadLetters[index] = deadLetter(records[index], reason: rejection.reason, code: rejection.code.rawValue, at: now)
            }
        }
        var messages: [OutboxMessage] = []
        var logEntries = 0
        var entryKinds: [AppliedBatch.EntryKind: Int] = [:]
        for index in records.indices {
            if let entries = entriesByRecord[index] {
                logEntries += entries.count
                for entry in entries {
                    entryKinds[AppliedBatch.EntryKind(action: entry.action, status: entry.status), default: 0] += 1
                    messages.append(OutboxMessage(destination: .log, key: Array(entry.targetTenant.utf8),
                                                  value: LogEntryCodec.encode(entry)))
                }
            } else if let letter = deadLetters[index] {
                messages.append(letter)
            }
        }

        // 3. One transaction: rows, tenant states, fenced progress, the outbox row.
        var batch = storeBatch(from: state.takeChanges(), of: state)
        let rowsChanged = batch.rowCount
        batch.progress = lastOffset.keys.sorted().map { p in
            ProgressUpdate(partition: PartitionKey(group: group, topic: topic, partition: p),
                           expected: progress[p] ?? nil, next: lastOffset[p]! + 1)
        }
        batch.outbox = messages.isEmpty ? nil : OutboxBody.encode(messages)
        do {
            try store.apply(batch)
        } catch StoreError.progressConflict(let partition, _, _) {
            let partitions = Array(lastOffset.keys)
            resetProgress(partitions: partitions)
            try cacheProgress(for: partitions)
            // The batch itself committed before (its acknowledgement was lost and it was tried again).
            if batch.progress.allSatisfy({ (progress[$0.partition.partition] ?? nil) == $0.next }) {
                return AppliedBatch(outcome: .alreadyApplied, records: records.count, skipped: records.count,
                                    nextOffsets: currentNextOffsets(records))
            }
            return AppliedBatch(outcome: .fenced(partition: partition.partition), records: records.count,
                                nextOffsets: currentNextOffsets(records))
        }
        for update in batch.progress { progress[update.partition.partition] = update.next }
        return AppliedBatch(outcome: .applied, records: records.count, skipped: skipped, applied: applied,
                            deadLetters: deadLetters.count, logEntries: logEntries, rowsChanged: rowsChanged,
                            nextOffsets: currentNextOffsets(records), entryKinds: entryKinds)
    }

    private func cacheProgress(for partitions: [Int32]) throws {
        var missing: [Int32] = []
        for p in partitions where progress.index(forKey: p) == nil && !missing.contains(p) { missing.append(p) }
        // `partitions` holds the few distinct partitions of a batch: the linear `contains` stays cheap.
        guard !missing.isEmpty else { return }
        let stored = try store.progress(group: group, topic: topic, partitions: missing)
        for p in missing { progress[p] = .some(stored[p]) }
    }

    private func currentNextOffsets(_ records: [InputRecord]) -> [Int32: Int64] {
        var result: [Int32: Int64] = [:]
        for r in records where result[r.partition] == nil {
            if let next = progress[r.partition] ?? nil { result[r.partition] = next }
        }
        return result
    }

    /// The dead-letter code of a record whose key is not its event's `tenantId`.
    public static let keyMismatchCode = "keyMismatch"

    /// Why a record's key breaks the routing rule (the key is the event's `tenantId`, so that every change of a
    /// tenant is in one partition, in order), or nil when it keeps it. Compares bytes without copying them.
    static func keyMismatch(_ key: [UInt8]?, tenantId: String) -> String? {
        guard let key else {
            return "record key: missing; it must be the event's tenantId '\(tenantId)' so the tenant's changes stay "
                + "in one partition, in order (republish it with that key)"
        }
        if key.elementsEqual(tenantId.utf8) { return nil }
        return "record key: '\(String(decoding: key, as: UTF8.self))' is not the event's tenantId '\(tenantId)'; "
            + "a tenant's changes must all carry its id as key to stay in one partition, in order (republish it with "
            + "key '\(tenantId)')"
    }

    private func deadLetter(_ record: InputRecord, reason: String, code: String, at time: Date) -> OutboxMessage {
        OutboxMessage(destination: .deadLetter, key: record.key, value: record.value,
                      headers: DeadLetterHeaders.make(reason: reason, code: code, topic: topic, partition: record.partition,
                                                      offset: record.offset, time: time, worker: workerName))
    }
}
