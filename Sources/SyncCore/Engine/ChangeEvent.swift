import Foundation

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

/// A decoded, validated change event.
public struct ChangeEvent: Sendable, Hashable {
    /// The source tenant (the record key).
    public var tenantId: String
    /// The per-tenant sequence number; required for data changes, optional for admin actions.
    public var seq: Int64?
    /// When it happened at the source: the engine's only clock.
    public var occurredAt: Date
    /// What happened.
    public var kind: ChangeKind

    /// Creates a change.
    public init(tenantId: String, seq: Int64?, occurredAt: Date, kind: ChangeKind) {
        self.tenantId = tenantId
        self.seq = seq
        self.occurredAt = occurredAt
        self.kind = kind
    }

    /// The change id of the log: `<tenantId>:<seq>`, or `<tenantId>:<action>` for an admin action without seq.
    public var changeId: String {
        if let seq { return "\(tenantId):\(seq)" }
        if case .admin(let action) = kind { return "\(tenantId):\(action.name)" }
        return "\(tenantId):-"
    }
}

/// A change with where it came from (topic partition and offset, for deterministic log ids) and when it was processed.
public struct ChangeRecord: Sendable, Hashable {
    /// The change.
    public var change: ChangeEvent
    /// The topic partition of the input record.
    public var partition: Int32
    /// The offset of the input record.
    public var offset: Int64
    /// The processing time stamped on log entries (`time`); decisions never read it.
    public var processedAt: Date

    /// Creates a record.
    public init(change: ChangeEvent, partition: Int32, offset: Int64, processedAt: Date) {
        self.change = change
        self.partition = partition
        self.offset = offset
        self.processedAt = processedAt
    }
}
