/// Exactly the rows a batch changed, so the worker writes only those to the store.
///
/// Upserted rows are read back from `DirectoryState`; a row that is written and then removed in one batch is
/// `deleted`. Rows written with an unchanged value are not listed.
public struct StateChanges: Sendable, Hashable {
    /// Tenant states written (never removed).
    public var tenants: Set<String> = []
    /// Source users.
    public var sourceUsers: [SourceUserKey: RowChange] = [:]
    /// Groups.
    public var groups: [GroupKey: RowChange] = [:]
    /// Memberships.
    public var memberships: [Membership: RowChange] = [:]
    /// Target users written (never removed: a delete is a soft delete).
    public var targetUsers: Set<TargetUserKey> = []

    /// No changes.
    public init() {}

    /// Whether nothing changed.
    public var isEmpty: Bool {
        tenants.isEmpty && sourceUsers.isEmpty && groups.isEmpty && memberships.isEmpty && targetUsers.isEmpty
    }

    /// The number of rows changed.
    public var count: Int { tenants.count + sourceUsers.count + groups.count + memberships.count + targetUsers.count }
}
