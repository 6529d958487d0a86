/// The role of a membership: only `member` puts a user in a group's scope; owners are never synced.
public enum MembershipRole: String, Sendable, Hashable, CaseIterable {
    /// A member of the group.
    case member
    /// An owner of the group.
    case owner
}

/// What a membership names: a user, or a group nested in the group.
public enum MemberReference: Sendable, Hashable, Comparable {
    /// A user, by object id.
    case user(String)
    /// A nested group, by object id; its own members are not in the outer group's scope.
    case group(String)

    /// The member's object id.
    public var id: String {
        switch self {
        case .user(let id), .group(let id): id
        }
    }
}

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
