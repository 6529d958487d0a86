import Foundation

/// The source anchor of a target user (`alternativeSecurityIds`): the source tenant and the source object id.
public struct SourceAnchor: Sendable, Hashable, Comparable {
    /// The source tenant id (Graph calls it `identityProvider`).
    public var identityProvider: String
    /// The source user's object id.
    public var key: String

    /// Creates an anchor.
    public init(identityProvider: String, key: String) {
        self.identityProvider = identityProvider
        self.key = key
    }

    /// Anchors sort by tenant, then key.
    public static func < (lhs: SourceAnchor, rhs: SourceAnchor) -> Bool {
        (lhs.identityProvider, lhs.key) < (rhs.identityProvider, rhs.key)
    }
}

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
