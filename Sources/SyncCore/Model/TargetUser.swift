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

    /// Creates a target user.
    public init(
        id: String, targetTenant: String, anchor: SourceAnchor, properties: [String: PropertyValue] = [:],
        isSoftDeleted: Bool = false, softDeletedAt: Date? = nil
    ) {
        self.id = id
        self.targetTenant = targetTenant
        self.anchor = anchor
        self.properties = properties
        self.isSoftDeleted = isSoftDeleted
        self.softDeletedAt = softDeletedAt
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
