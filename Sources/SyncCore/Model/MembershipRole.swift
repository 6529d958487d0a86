/// The role of a membership: only `member` puts a user in a group's scope; owners are never synced.
public enum MembershipRole: String, Sendable, Hashable, CaseIterable {
    /// A member of the group.
    case member
    /// An owner of the group.
    case owner
}
