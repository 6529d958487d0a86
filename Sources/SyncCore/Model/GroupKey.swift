/// Names a source group: its tenant and object id.
public struct GroupKey: Sendable, Hashable, Comparable {
    /// The source tenant id.
    public var tenantId: String
    /// The group's object id.
    public var groupId: String

    /// Creates a key.
    public init(tenantId: String, groupId: String) {
        self.tenantId = tenantId
        self.groupId = groupId
    }

    /// Keys sort by tenant, then group id.
    public static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
        (lhs.tenantId, lhs.groupId) < (rhs.tenantId, rhs.groupId)
    }
}
