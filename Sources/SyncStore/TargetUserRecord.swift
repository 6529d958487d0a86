/// One synced user in a target tenant's directory.
///
/// Unique by its source anchor (`targetTenant`, `sourceTenant`, `sourceUserId`): a source user has at most one synced
/// copy per target tenant, and the anchor's `id` never changes once stored (the stores refuse a different one with
/// `StoreError.constraint`). Ids are also unique within a target tenant, by construction (a deterministic hash of the
/// anchor, or the id of the pre-existing user it matched); since schema version 2 the stores no longer keep an index
/// to check that. The body is encoded by the domain core.
public struct TargetUserRecord: Sendable, Hashable {
    /// The target tenant whose directory holds the user.
    public var targetTenant: String
    /// The user's identifier in the target tenant.
    public var id: String
    /// The source tenant of the user it was synced from.
    public var sourceTenant: String
    /// The identifier of the source user in the source tenant.
    public var sourceUserId: String
    /// The user principal name in the target tenant (kept as a column for look-ups by tooling).
    public var userPrincipalName: String
    /// Whether the user is soft-deleted in the target tenant.
    public var isSoftDeleted: Bool
    /// When it was soft-deleted, in milliseconds since the Unix epoch; nil when it is not.
    public var softDeletedAt: Int64?
    /// The encoded user (opaque to the store).
    public var body: [UInt8]

    /// Creates a record.
    public init(targetTenant: String, id: String, sourceTenant: String, sourceUserId: String,
                userPrincipalName: String, isSoftDeleted: Bool = false, softDeletedAt: Int64? = nil, body: [UInt8]) {
        self.targetTenant = targetTenant
        self.id = id
        self.sourceTenant = sourceTenant
        self.sourceUserId = sourceUserId
        self.userPrincipalName = userPrincipalName
        self.isSoftDeleted = isSoftDeleted
        self.softDeletedAt = softDeletedAt
        self.body = body
    }

    /// The record's (`targetTenant`, `id`): how tooling names the user, and the order of listings.
    public var key: TenantScopedId { TenantScopedId(tenant: targetTenant, id: id) }

    /// The record's primary key in the stores: (`targetTenant`, `sourceTenant`, `sourceUserId`).
    public var anchor: TargetUserAnchor {
        TargetUserAnchor(targetTenant: targetTenant, sourceTenant: sourceTenant, sourceUserId: sourceUserId)
    }
}
