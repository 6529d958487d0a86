/// One edge of a source tenant's group graph: a user or a group is a member or an owner of a group.
///
/// Every field is part of the key: the same user can be both a member and an owner of a group (two records).
public struct MembershipRecord: Sendable, Hashable, Comparable {
    /// What kind of directory object the member is.
    public enum MemberKind: Int, Sendable, Hashable, CaseIterable {
        /// A user.
        case user = 0
        /// A group (nested group).
        case group = 1
    }

    /// The member's role in the group.
    public enum Role: Int, Sendable, Hashable, CaseIterable {
        /// An ordinary member.
        case member = 0
        /// An owner.
        case owner = 1
    }

    /// The source tenant.
    public var tenant: String
    /// The group.
    public var groupId: String
    /// Whether the member is a user or a group.
    public var memberKind: MemberKind
    /// The member's identifier in the source tenant.
    public var memberId: String
    /// Member or owner.
    public var role: Role

    /// Creates a record.
    public init(tenant: String, groupId: String, memberKind: MemberKind, memberId: String, role: Role) {
        self.tenant = tenant
        self.groupId = groupId
        self.memberKind = memberKind
        self.memberId = memberId
        self.role = role
    }

    /// Orders by tenant, group, member kind, member, role (the order of the stores' primary keys).
    public static func < (a: MembershipRecord, b: MembershipRecord) -> Bool {
        (a.tenant, a.groupId, a.memberKind.rawValue, a.memberId, a.role.rawValue)
            < (b.tenant, b.groupId, b.memberKind.rawValue, b.memberId, b.role.rawValue)
    }
}
