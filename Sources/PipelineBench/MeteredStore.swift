import Foundation
import SyncStore
import Synchronization

/// What the workers' stores saw during a pipeline run, shared by every `MeteredStore` of the run.
///
/// Thread-safe: each worker thread reports into it through its own `MeteredStore`; the benchmark reads it from its
/// own thread.
final class ApplyRecorder: Sendable {
    /// Records of one partition applied by one batch, and when that batch was done.
    struct AppliedRange: Sendable {
        /// The partition.
        var partition: Int32
        /// The first offset of the batch in that partition.
        var first: Int64
        /// The batch's last offset plus one.
        var next: Int64
        /// When the batch's log entries were delivered (its store transaction committed before).
        var doneAt: ContinuousClock.Instant
        /// The same moment on the wall clock, to compare with record timestamps (ms since 1970).
        var doneAtMs: Double
    }

    private struct State {
        var firstAssignment: ContinuousClock.Instant?
        var rowsWritten = 0
        var done: [AppliedRange] = []
        var next: [Int32: Int64] = [:]
    }

    private let state = Mutex(State())

    /// The first time a worker asked the store for its progress after an assignment (the rebalance callback does):
    /// the moment consuming starts.
    var firstAssignment: ContinuousClock.Instant? { state.withLock { $0.firstAssignment } }

    /// Rows the stores' transactions wrote so far (upserts, deletes, progress, outbox rows and their deletion).
    var rowsWritten: Int { state.withLock { $0.rowsWritten } }

    /// Every range done so far, in the order batches finished.
    var done: [AppliedRange] { state.withLock { $0.done } }

    /// Whether every partition in `ends` is done up to its end offset.
    func reached(_ ends: [Int32: Int64]) -> Bool {
        state.withLock { s in ends.allSatisfy { (s.next[$0.key] ?? 0) >= $0.value } }
    }

    /// Records done so far (sum over partitions of the next offset done).
    var recordsDone: Int64 { state.withLock { $0.next.values.reduce(0, +) } }

    func assignmentSeen() {
        state.withLock { if $0.firstAssignment == nil { $0.firstAssignment = .now } }
    }

    func wrote(rows: Int) {
        state.withLock { $0.rowsWritten += rows }
    }

    func finished(_ ranges: [(partition: Int32, first: Int64, next: Int64)]) {
        let now = ContinuousClock.now
        let wall = Date().timeIntervalSince1970 * 1000
        state.withLock { s in
            for r in ranges {
                s.done.append(AppliedRange(partition: r.partition, first: r.first, next: r.next, doneAt: now, doneAtMs: wall))
                s.next[r.partition] = max(s.next[r.partition] ?? 0, r.next)
            }
        }
    }
}

/// A `DirectoryStore` that forwards every call to the worker's real store and reports to an `ApplyRecorder`: rows
/// written per transaction, and when each batch is done.
///
/// A batch is done once its store transaction has committed and its log entries are delivered: the worker's relay
/// deletes the batch's outbox row after delivery (`deleteOutbox`), or finds the outbox empty when the batch had no
/// entries (`pendingOutbox` returning nothing). The worker then commits the offsets (asynchronously) and polls again.
/// Like the store it wraps, one worker thread owns it.
final class MeteredStore: DirectoryStore {
    private let base: any DirectoryStore
    private let recorder: ApplyRecorder
    private var undelivered: [(partition: Int32, first: Int64, next: Int64)] = []

    init(_ base: any DirectoryStore, recorder: ApplyRecorder) {
        self.base = base
        self.recorder = recorder
    }

    var locationDescription: String { base.locationDescription }

    func load(_ request: LoadRequest) throws -> LoadedRecords { try base.load(request) }

    func apply(_ batch: StoreBatch) throws {
        try base.apply(batch)
        let rows = batch.progress.count + batch.tenantStates.count + batch.sourceUsers.count
            + batch.deletedSourceUsers.count + batch.sourceGroups.count + batch.deletedSourceGroups.count
            + batch.memberships.count + batch.deletedMemberships.count + batch.targetUsers.count
            + batch.deletedTargetUsers.count + (batch.outbox == nil ? 0 : 1)
        recorder.wrote(rows: rows)
        // `expected` is nil only for a partition's first batch, which starts at offset 0 on a fresh topic.
        undelivered += batch.progress.map { (partition: $0.partition.partition, first: $0.expected ?? 0, next: $0.next) }
    }

    func progress(group: String, topic: String, partitions: [Int32]) throws -> [Int32: Int64] {
        recorder.assignmentSeen()
        return try base.progress(group: group, topic: topic, partitions: partitions)
    }

    func pendingOutbox(limit: Int) throws -> [OutboxRecord] {
        let rows = try base.pendingOutbox(limit: limit)
        if rows.isEmpty { markDelivered() }
        return rows
    }

    func deleteOutbox(ids: [Int64]) throws {
        try base.deleteOutbox(ids: ids)
        recorder.wrote(rows: ids.count)
        markDelivered()
    }

    func targetUsers(tenant: String) throws -> [TargetUserRecord] { try base.targetUsers(tenant: tenant) }

    func targetUser(tenant: String, sourceTenant: String, sourceUserId: String) throws -> TargetUserRecord? {
        try base.targetUser(tenant: tenant, sourceTenant: sourceTenant, sourceUserId: sourceUserId)
    }

    func targetUser(tenant: String, userPrincipalName: String) throws -> TargetUserRecord? {
        try base.targetUser(tenant: tenant, userPrincipalName: userPrincipalName)
    }

    func tenantStates() throws -> [TenantStateRecord] { try base.tenantStates() }

    func sourceUsers(tenant: String) throws -> [SourceUserRecord] { try base.sourceUsers(tenant: tenant) }

    private func markDelivered() {
        guard !undelivered.isEmpty else { return }
        recorder.finished(undelivered)
        undelivered = []
    }
}
