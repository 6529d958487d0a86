/// A group of a source tenant, as mirrored from `group.upserted`.
public struct Group: Sendable, Hashable {
    /// The source tenant id.
    public var tenantId: String
    /// The object id.
    public var id: String
    /// The display name, if the feed gave one.
    public var displayName: String?
    /// Whether it is a security group (shown in explanations; scope does not require it).
    public var securityEnabled: Bool

    /// Creates a group.
    public init(tenantId: String, id: String, displayName: String? = nil, securityEnabled: Bool = true) {
        self.tenantId = tenantId
        self.id = id
        self.displayName = displayName
        self.securityEnabled = securityEnabled
    }

    /// The key of this group.
    public var key: GroupKey { GroupKey(tenantId: tenantId, groupId: id) }
}
