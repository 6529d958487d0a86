import Foundation
import Testing
@testable import SyncCore

/// Drives the engine like a worker over one partition: assigns seq, offsets and times, keeps every log entry.
struct Harness {
    var state = DirectoryState()
    var log: [ProvisioningLogEntry] = []
    var seq: [String: Int64] = [:]
    var offset: Int64 = 0
    var clock = Date(timeIntervalSince1970: 1_796_000_000)

    static let tenants = [
        Tenant(id: "contoso", defaultDomain: "contoso.com"), Tenant(id: "fabrikam", defaultDomain: "fabrikam.com"),
        Tenant(id: "northwind", defaultDomain: "northwind.com"),
    ]

    /// An organization of contoso, fabrikam and northwind, learned by every member's partition.
    static func organization(_ tenants: [Tenant] = Harness.tenants) throws -> Harness {
        var h = Harness()
        for tenant in tenants { try h.admin(.orgCreate(organizationId: "org-1", tenants: tenants), as: tenant.id) }
        return h
    }

    /// Applies a change with the next seq of its tenant; returns the entries it produced.
    @discardableResult
    mutating func change(_ kind: ChangeKind, tenant: String = "contoso", seq explicit: Int64? = nil, advance: Double = 1) throws -> [ProvisioningLogEntry] {
        clock = clock.addingTimeInterval(advance)
        let next = explicit ?? ((seq[tenant] ?? 0) + 1)
        seq[tenant] = max(seq[tenant] ?? 0, next)
        return try record(ChangeEvent(tenantId: tenant, seq: next, occurredAt: clock, kind: kind))
    }

    /// Applies an admin action keyed by `tenant` (no seq, as the scenario's admin steps).
    @discardableResult
    mutating func admin(_ action: AdminAction, as tenant: String = "contoso") throws -> [ProvisioningLogEntry] {
        clock = clock.addingTimeInterval(1)
        return try record(ChangeEvent(tenantId: tenant, seq: nil, occurredAt: clock, kind: .admin(action)))
    }

    /// Applies one change at the next offset.
    @discardableResult
    mutating func record(_ change: ChangeEvent) throws -> [ProvisioningLogEntry] {
        offset += 1
        let entries = try Engine.apply(ChangeRecord(change: change, partition: 0, offset: offset, processedAt: change.occurredAt), to: &state)
        log += entries
        return entries
    }

    mutating func upsert(_ id: String, tenant: String = "contoso", _ extra: [String: PropertyValue] = [:]) throws {
        var properties: [String: PropertyValue] = [
            "userPrincipalName": .string("\(id)@\(tenant).com"), "displayName": .string("User \(id)"),
            "userType": .string("Member"), "accountEnabled": .bool(true),
        ]
        properties.merge(extra) { $1 }
        try change(.userUpserted(id: id, properties: properties), tenant: tenant)
    }

    mutating func addMember(_ user: String, to group: String, role: MembershipRole = .member, tenant: String = "contoso") throws {
        try change(.memberAdded(MembershipChange(groupId: group, member: .user(user), role: role)), tenant: tenant)
    }

    mutating func removeMember(_ user: String, from group: String, role: MembershipRole = .member, tenant: String = "contoso") throws {
        try change(.memberRemoved(MembershipChange(groupId: group, member: .user(user), role: role)), tenant: tenant)
    }

    func target(_ user: String, in target: String = "fabrikam", from source: String = "contoso") -> TargetUser? {
        state.targetUsers[TargetUserKey(targetTenant: target, sourceTenant: source, sourceUserId: user)]
    }

    func isActive(_ user: String, in tenant: String = "fabrikam", from source: String = "contoso") -> Bool {
        target(user, in: tenant, from: source)?.isActive == true
    }
}
