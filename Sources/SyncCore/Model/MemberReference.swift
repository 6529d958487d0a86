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
