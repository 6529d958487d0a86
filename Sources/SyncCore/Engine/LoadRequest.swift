/// What a batch needs loaded into a `DirectoryState` before `Engine.apply` runs; from `Engine.requirements(for:)`.
///
/// - Important: load exactly this, no less: decisions depend on it, and so do log entry details (a nested-only
///   membership is explained from the memberships of the user's groups), which must not vary with batching.
public struct LoadRequest: Sendable, Hashable {
    /// Tenant states to load (a missing one means the tenant belongs to no organization yet).
    public var tenantStates: Set<String> = []
    /// Tenants whose whole slice is needed: all source users, groups, memberships, and target users anchored to them
    /// (admin actions and group deletions re-evaluate every user).
    public var wholeTenants: Set<String> = []
    /// Source users needed with their context: the user row; the memberships whose member is the user; the
    /// memberships whose member is one of the groups the user is a direct member of (one level, for explaining
    /// nested-only membership); and the target users anchored to the user in every target tenant.
    public var sourceUsers: Set<SourceUserKey> = []
    /// Groups needed: the group row, and the memberships whose member is that group (the groups it is nested in,
    /// one level: a user just added to it may need them to explain nested-only membership).
    public var groups: Set<GroupKey> = []

    /// Nothing.
    public init() {}

    /// Adds another request.
    public mutating func formUnion(_ other: LoadRequest) {
        tenantStates.formUnion(other.tenantStates)
        wholeTenants.formUnion(other.wholeTenants)
        sourceUsers.formUnion(other.sourceUsers)
        groups.formUnion(other.groups)
    }

    /// The request without what whole tenants already cover.
    public var simplified: LoadRequest {
        var copy = self
        copy.sourceUsers = sourceUsers.filter { !wholeTenants.contains($0.tenantId) }
        copy.groups = groups.filter { !wholeTenants.contains($0.tenantId) }
        return copy
    }
}
