/// What a change event says happened (`type` and payload of `change-event.md`).
public enum ChangeKind: Sendable, Hashable {
    /// `user.upserted`: the full snapshot (properties other than `id`).
    case userUpserted(id: String, properties: [String: PropertyValue])
    /// `user.deleted`: soft-deleted at the source, or removed when `hard`.
    case userDeleted(userId: String, hard: Bool)
    /// `user.restored`.
    case userRestored(userId: String)
    /// `group.upserted`.
    case groupUpserted(id: String, displayName: String?, securityEnabled: Bool)
    /// `group.deleted`.
    case groupDeleted(groupId: String)
    /// `group.member.added`.
    case memberAdded(MembershipChange)
    /// `group.member.removed`.
    case memberRemoved(MembershipChange)
    /// `admin`: an admin action.
    case admin(AdminAction)

    /// The contract `type`.
    public var typeName: String {
        switch self {
        case .userUpserted: "user.upserted"
        case .userDeleted: "user.deleted"
        case .userRestored: "user.restored"
        case .groupUpserted: "group.upserted"
        case .groupDeleted: "group.deleted"
        case .memberAdded: "group.member.added"
        case .memberRemoved: "group.member.removed"
        case .admin: "admin"
        }
    }

    /// The source user the change is about, if any.
    public var userId: String? {
        switch self {
        case .userUpserted(let id, _): id
        case .userDeleted(let id, _), .userRestored(let id): id
        case .memberAdded(let m), .memberRemoved(let m):
            if case .user(let id) = m.member { id } else { nil }
        default: nil
        }
    }
}
