/// Names a target user by where it lives and what it is anchored to: (target tenant, source tenant, source user).
public struct TargetUserKey: Sendable, Hashable, Comparable {
    /// The target tenant id.
    public var targetTenant: String
    /// The source tenant id.
    public var sourceTenant: String
    /// The source user's object id.
    public var sourceUserId: String

    /// Creates a key.
    public init(targetTenant: String, sourceTenant: String, sourceUserId: String) {
        self.targetTenant = targetTenant
        self.sourceTenant = sourceTenant
        self.sourceUserId = sourceUserId
    }

    /// The source user this key is anchored to.
    public var source: SourceUserKey { SourceUserKey(tenantId: sourceTenant, userId: sourceUserId) }

    /// Keys sort by target, source tenant, source user.
    public static func < (lhs: TargetUserKey, rhs: TargetUserKey) -> Bool {
        (lhs.targetTenant, lhs.sourceTenant, lhs.sourceUserId) < (rhs.targetTenant, rhs.sourceTenant, rhs.sourceUserId)
    }
}
