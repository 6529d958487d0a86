/// A membership change's payload: the group, the member (user or nested group) and the role.
public struct MembershipChange: Sendable, Hashable {
    /// The group.
    public var groupId: String
    /// The user or nested group.
    public var member: MemberReference
    /// Member or owner.
    public var role: MembershipRole

    /// Creates the payload.
    public init(groupId: String, member: MemberReference, role: MembershipRole) {
        self.groupId = groupId
        self.member = member
        self.role = role
    }
}
