import Foundation

/// A user in a target tenant that TenantSync manages: matched to its source by its anchor.
public struct TargetUser: Sendable, Hashable {
    /// The target object id: deterministic for users TenantSync creates, kept for pre-existing matched users.
    public var id: String
    /// The target tenant id.
    public var targetTenant: String
    /// The source anchor.
    public var anchor: SourceAnchor
    /// The synced properties (Graph names, `userType` and `userPrincipalName` included).
    public var properties: [String: PropertyValue]
    /// Whether the user is soft-deleted in the target (left scope or deleted at the source).
    public var isSoftDeleted: Bool
    /// When it was soft-deleted (the `occurredAt` of the change that did it), for the 30-day restore window.
    public var softDeletedAt: Date?
    /// Whether TenantSync manages it: it created the user, or matched it while its source user was in scope.
    /// A user that was in the target before (a B2B guest, say) is not managed until then, and TenantSync never
    /// soft-deletes a user it does not manage: such a user never was in scope, so it cannot leave it.
    public var isManaged: Bool

    /// Creates a target user.
    public init(
        id: String, targetTenant: String, anchor: SourceAnchor, properties: [String: PropertyValue] = [:],
        isSoftDeleted: Bool = false, softDeletedAt: Date? = nil, isManaged: Bool = true
    ) {
        self.id = id
        self.targetTenant = targetTenant
        self.anchor = anchor
        self.properties = properties
        self.isSoftDeleted = isSoftDeleted
        self.softDeletedAt = softDeletedAt
        self.isManaged = isManaged
    }

    /// The key of this user.
    public var key: TargetUserKey {
        TargetUserKey(targetTenant: targetTenant, sourceTenant: anchor.identityProvider, sourceUserId: anchor.key)
    }

    /// The value of a synced property, `.null` when absent.
    public subscript(property name: String) -> PropertyValue { properties[name] ?? .null }

    /// Whether the user is a guest in the target.
    public var isGuest: Bool { self[property: "userType"].stringValue?.lowercased() == "guest" }

    /// Whether the user is active: not soft-deleted.
    public var isActive: Bool { !isSoftDeleted }

    /// The deterministic id of the target user TenantSync creates for a source user in a target tenant.
    ///
    /// A stable 128-bit hash of the three ids, formatted like a GUID, so a rerun (or another worker) gives the same id.
    public static func deterministicID(targetTenant: String, sourceTenant: String, sourceUserId: String) -> String {
        StableHash.guid("target-user", targetTenant, sourceTenant, sourceUserId)
    }
}
