/// Names a source user: its tenant and its object id.
public struct SourceUserKey: Sendable, Hashable, Comparable {
    /// The source tenant id.
    public var tenantId: String
    /// The source user's object id.
    public var userId: String

    /// Creates a key.
    public init(tenantId: String, userId: String) {
        self.tenantId = tenantId
        self.userId = userId
    }

    /// Keys sort by tenant, then user id.
    public static func < (lhs: SourceUserKey, rhs: SourceUserKey) -> Bool {
        (lhs.tenantId, lhs.userId) < (rhs.tenantId, rhs.userId)
    }
}
