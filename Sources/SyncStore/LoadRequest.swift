/// Everything one batch touches, read by `DirectoryStore.load(_:)` in one call.
///
/// Memberships are implied: the store returns every membership whose group is one of `sourceGroups`, whose user
/// member is one of `sourceUsers`, or whose group member is one of `sourceGroups` (so a group's parents come too).
public struct LoadRequest: Sendable, Hashable {
    /// Source tenants whose `TenantStateRecord` is wanted.
    public var tenantStates: Set<String>
    /// Source users by tenant.
    public var sourceUsers: [String: Set<String>]
    /// Source groups by tenant.
    public var sourceGroups: [String: Set<String>]
    /// Target users by source anchor: source tenant → source user ids (every target tenant's copy is returned).
    public var targetUsersByAnchor: [String: Set<String>]
    /// Source tenants to load whole: all their source users, groups, memberships, the target users anchored to
    /// them, and their tenant state (re-evaluation after a configuration change).
    public var wholeTenants: Set<String>

    /// Creates a request.
    public init(tenantStates: Set<String> = [], sourceUsers: [String: Set<String>] = [:],
                sourceGroups: [String: Set<String>] = [:], targetUsersByAnchor: [String: Set<String>] = [:],
                wholeTenants: Set<String> = []) {
        self.tenantStates = tenantStates
        self.sourceUsers = sourceUsers
        self.sourceGroups = sourceGroups
        self.targetUsersByAnchor = targetUsersByAnchor
        self.wholeTenants = wholeTenants
    }

    /// Whether the request asks for nothing.
    public var isEmpty: Bool {
        tenantStates.isEmpty && sourceUsers.values.allSatisfy(\.isEmpty) && sourceGroups.values.allSatisfy(\.isEmpty)
            && targetUsersByAnchor.values.allSatisfy(\.isEmpty) && wholeTenants.isEmpty
    }
}
