/// The effect of one batch of changes, applied by `DirectoryStore.apply(_:)` in one transaction.
///
/// Order inside the transaction: the progress fence first, then deletes, then upserts, then tenant states and the
/// outbox row. So a key both deleted and upserted ends up present; within one list the last record of a key wins.
/// Deleting a group does not delete its memberships: list them in `deletedMemberships`.
public struct StoreBatch: Sendable, Hashable {
    /// Fenced partition progress (see `ProgressUpdate`).
    public var progress: [ProgressUpdate]
    /// Tenant states to write (insert or replace).
    public var tenantStates: [TenantStateRecord]
    /// Source users to insert or replace.
    public var sourceUsers: [SourceUserRecord]
    /// Source users to delete, by (tenant, userId).
    public var deletedSourceUsers: [TenantScopedId]
    /// Source groups to insert or replace.
    public var sourceGroups: [SourceGroupRecord]
    /// Source groups to delete, by (tenant, groupId).
    public var deletedSourceGroups: [TenantScopedId]
    /// Memberships to insert (an existing one is left as is).
    public var memberships: [MembershipRecord]
    /// Memberships to delete.
    public var deletedMemberships: [MembershipRecord]
    /// Target users to insert or replace, by their anchor (an anchor stored with another id is refused:
    /// `StoreError.constraint`).
    public var targetUsers: [TargetUserRecord]
    /// Target users to delete for good, by their anchor.
    public var deletedTargetUsers: [TargetUserAnchor]
    /// The batch's encoded provisioning-log entries: one outbox row, or none when nil.
    public var outbox: [UInt8]?

    /// Creates a batch.
    public init(progress: [ProgressUpdate] = [], tenantStates: [TenantStateRecord] = [],
                sourceUsers: [SourceUserRecord] = [], deletedSourceUsers: [TenantScopedId] = [],
                sourceGroups: [SourceGroupRecord] = [], deletedSourceGroups: [TenantScopedId] = [],
                memberships: [MembershipRecord] = [], deletedMemberships: [MembershipRecord] = [],
                targetUsers: [TargetUserRecord] = [], deletedTargetUsers: [TargetUserAnchor] = [],
                outbox: [UInt8]? = nil) {
        self.progress = progress
        self.tenantStates = tenantStates
        self.sourceUsers = sourceUsers
        self.deletedSourceUsers = deletedSourceUsers
        self.sourceGroups = sourceGroups
        self.deletedSourceGroups = deletedSourceGroups
        self.memberships = memberships
        self.deletedMemberships = deletedMemberships
        self.targetUsers = targetUsers
        self.deletedTargetUsers = deletedTargetUsers
        self.outbox = outbox
    }
}
