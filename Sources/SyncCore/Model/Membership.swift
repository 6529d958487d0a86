/// One membership row: (tenant, group, member, role). A user can be both member and owner: two rows.
public struct Membership: Sendable, Hashable, Comparable {
    /// The source tenant id.
    public var tenantId: String
    /// The group the member belongs to.
    public var groupId: String
    /// The user or nested group.
    public var member: MemberReference
    /// Member or owner.
    public var role: MembershipRole

    /// Creates a membership.
    public init(tenantId: String, groupId: String, member: MemberReference, role: MembershipRole) {
        self.tenantId = tenantId
        self.groupId = groupId
        self.member = member
        self.role = role
    }

    /// Memberships sort by tenant, group, member, role, so explanations and encodings are deterministic.
    public static func < (lhs: Membership, rhs: Membership) -> Bool {
        if lhs.tenantId != rhs.tenantId { return lhs.tenantId < rhs.tenantId }
        if lhs.groupId != rhs.groupId { return lhs.groupId < rhs.groupId }
        if lhs.member != rhs.member { return lhs.member < rhs.member }
        return lhs.role.rawValue < rhs.role.rawValue
    }
}
