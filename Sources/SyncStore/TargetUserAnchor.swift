/// The key of a target user: its target tenant and the source user it is the copy of (the source anchor).
///
/// A source user has at most one copy per target tenant, so the anchor names one row; since schema version 2 it is
/// the primary key of `target_users` in both stores.
public struct TargetUserAnchor: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The target tenant whose directory holds the user.
    public var targetTenant: String
    /// The source tenant of the user it was synced from.
    public var sourceTenant: String
    /// The identifier of the source user in the source tenant.
    public var sourceUserId: String

    /// Creates an anchor.
    public init(targetTenant: String, sourceTenant: String, sourceUserId: String) {
        self.targetTenant = targetTenant
        self.sourceTenant = sourceTenant
        self.sourceUserId = sourceUserId
    }

    /// Orders like the stores' primary key: source tenant, source user, target tenant.
    public static func < (a: TargetUserAnchor, b: TargetUserAnchor) -> Bool {
        (a.sourceTenant, a.sourceUserId, a.targetTenant) < (b.sourceTenant, b.sourceUserId, b.targetTenant)
    }

    /// `targetTenant/sourceTenant/sourceUserId`.
    public var description: String { "\(targetTenant)/\(sourceTenant)/\(sourceUserId)" }
}
