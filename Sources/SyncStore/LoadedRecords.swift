/// The records a `LoadRequest` found. Missing records are simply absent. Each list is sorted by key and holds each
/// record once, so the result does not depend on the backend.
public struct LoadedRecords: Sendable, Hashable {
    /// Tenant states by source tenant.
    public var tenantStates: [String: TenantStateRecord]
    /// Source users, sorted by (tenant, userId).
    public var sourceUsers: [SourceUserRecord]
    /// Source groups, sorted by (tenant, groupId).
    public var sourceGroups: [SourceGroupRecord]
    /// Memberships, sorted by their key.
    public var memberships: [MembershipRecord]
    /// Target users, sorted by (targetTenant, id).
    public var targetUsers: [TargetUserRecord]

    /// Creates a result.
    public init(tenantStates: [String: TenantStateRecord] = [:], sourceUsers: [SourceUserRecord] = [],
                sourceGroups: [SourceGroupRecord] = [], memberships: [MembershipRecord] = [],
                targetUsers: [TargetUserRecord] = []) {
        self.tenantStates = tenantStates
        self.sourceUsers = sourceUsers
        self.sourceGroups = sourceGroups
        self.memberships = memberships
        self.targetUsers = targetUsers
    }

    /// Removes repeats and sorts every list (the stores call this last).
    mutating func normalize() {
        sourceUsers = Self.unique(sourceUsers, by: \.key).sorted { $0.key < $1.key }
        sourceGroups = Self.unique(sourceGroups, by: \.key).sorted { $0.key < $1.key }
        memberships = Array(Set(memberships)).sorted()
        targetUsers = Self.unique(targetUsers, by: \.key).sorted { $0.key < $1.key }
    }

    private static func unique<T, K: Hashable>(_ items: [T], by key: (T) -> K) -> [T] {
        var seen = Set<K>()
        seen.reserveCapacity(items.count)
        return items.filter { seen.insert(key($0)).inserted }
    }
}
