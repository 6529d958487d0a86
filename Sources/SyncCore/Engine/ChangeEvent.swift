import Foundation

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
