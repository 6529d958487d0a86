/// The source mirror of one group.
///
/// The body is encoded by the domain core; the store never looks inside it. Memberships are kept apart, in
/// `MembershipRecord`s, so that a membership change does not rewrite the group.
public struct SourceGroupRecord: Sendable, Hashable {
    /// The source tenant.
    public var tenant: String
    /// The group's identifier in the source tenant.
    public var groupId: String
    /// The encoded group (opaque to the store).
    public var body: [UInt8]

    /// Creates a record.
    public init(tenant: String, groupId: String, body: [UInt8]) {
        self.tenant = tenant
        self.groupId = groupId
        self.body = body
    }

    /// The record's key.
    public var key: TenantScopedId { TenantScopedId(tenant: tenant, id: groupId) }
}
