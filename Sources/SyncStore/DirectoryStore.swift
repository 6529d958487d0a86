/// The worker's store: the source mirror, the target tenant directories, tenant states, partition progress and the
/// outbox, changed together by one transaction per batch.
///
/// - Important: A store is one connection and is not thread-safe: one worker thread owns it. Open one store per
///   thread or process; several of them may share one SQLite file or one PostgreSQL database as long as they apply
///   disjoint partitions (hence disjoint source tenants).
public protocol DirectoryStore: AnyObject {
    /// Where the store lives (for messages; passwords are not kept).
    var locationDescription: String { get }

    /// Reads everything a batch touches.
    /// - Throws: `StoreError`.
    func load(_ request: LoadRequest) throws -> LoadedRecords

    /// Applies a batch in one transaction: all of it, or (on any error) nothing.
    /// - Throws: `StoreError.progressConflict` when a partition's progress is not the expected one (nothing written);
    ///   `StoreError.connectionLost` (retriable: apply the same batch again); other `StoreError`s.
    func apply(_ batch: StoreBatch) throws

    /// The next offset to apply for each partition that has progress recorded; partitions without are absent.
    /// - Throws: `StoreError`.
    func progress(group: String, topic: String, partitions: [Int32]) throws -> [Int32: Int64]

    /// Up to `limit` outbox rows, oldest first.
    /// - Throws: `StoreError`.
    func pendingOutbox(limit: Int) throws -> [OutboxRecord]

    /// Deletes outbox rows once their entries are published; unknown ids are ignored.
    /// - Throws: `StoreError`.
    func deleteOutbox(ids: [Int64]) throws

    /// Every user of a target tenant, sorted by id. For tooling: it scans the target users (the table is keyed by
    /// source anchor, see README, Stores).
    /// - Throws: `StoreError`.
    func targetUsers(tenant: String) throws -> [TargetUserRecord]

    /// The target tenant's copy of one source user, if any.
    /// - Throws: `StoreError`.
    func targetUser(tenant: String, sourceTenant: String, sourceUserId: String) throws -> TargetUserRecord?

    /// The target tenant's user with this user principal name (exact match), if any. For tooling: it scans the target
    /// users (no index on the name, which would slow every upsert; see README, Stores).
    /// - Throws: `StoreError`.
    func targetUser(tenant: String, userPrincipalName: String) throws -> TargetUserRecord?

    /// Every tenant state, sorted by tenant.
    /// - Throws: `StoreError`.
    func tenantStates() throws -> [TenantStateRecord]

    /// The source mirror's users of one tenant, sorted by id.
    /// - Throws: `StoreError`.
    func sourceUsers(tenant: String) throws -> [SourceUserRecord]
}
