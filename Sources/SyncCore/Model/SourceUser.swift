/// A user of a source tenant as mirrored from the change feed.
///
/// `properties` holds every Graph property of the last snapshot, including ones TenantSync does not know, so that a
/// mapping added later can read them. A property absent from the snapshot is absent here and reads as `.null`.
public struct SourceUser: Sendable, Hashable {
    /// The source tenant id.
    public var tenantId: String
    /// The object id.
    public var id: String
    /// All scalar Graph properties of the last snapshot (except `id`).
    public var properties: [String: PropertyValue]
    /// Whether the user is soft-deleted in the source (after `user.deleted`, until `user.restored`).
    public var isSoftDeleted: Bool

    /// Creates a source user.
    public init(tenantId: String, id: String, properties: [String: PropertyValue] = [:], isSoftDeleted: Bool = false) {
        self.tenantId = tenantId
        self.id = id
        self.properties = properties
        self.isSoftDeleted = isSoftDeleted
    }

    /// The key of this user.
    public var key: SourceUserKey { SourceUserKey(tenantId: tenantId, userId: id) }

    /// The value of a property; `id` is readable too, anything absent is `.null`.
    public subscript(property name: String) -> PropertyValue {
        if name == "id" { return .string(id) }
        return properties[name] ?? .null
    }

    /// Whether the source says this user is a guest (`userType` Guest, compared case-insensitively).
    public var isGuest: Bool { self[property: "userType"].stringValue?.lowercased() == "guest" }

    /// The display name, for log identities.
    public var displayName: String? { self[property: "displayName"].stringValue }
}
