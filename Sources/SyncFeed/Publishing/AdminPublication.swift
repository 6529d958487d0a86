import FastJSON
import Foundation
import SyncCore

/// An admin action ready to publish: the action and the source-tenant keys it goes under.
///
/// Actions on sharing and configurations go under their source tenant. Organization-level actions go once under
/// the key of every tenant of the organization (`change-event.md`), each record carrying that tenant as its
/// `tenantId`, so every partition sees the membership change in order with its own changes.
public struct AdminPublication: Sendable, Hashable {
    /// The action.
    public var action: AdminAction
    /// The tenants whose key (and `tenantId`) each record carries, in publishing order.
    public var keys: [String]

    /// An action on sharing or a configuration, keyed by its source tenant.
    /// - Precondition: `action` has a `sourceTenant` (not an organization action).
    public init(action: AdminAction) {
        self.action = action
        self.keys = action.sourceTenant.map { [$0] } ?? []
    }

    /// An organization action published under each of `keys` (duplicates removed, order kept).
    public init(action: AdminAction, keys: [String]) {
        self.action = action
        var seen = Set<String>()
        self.keys = keys.filter { seen.insert($0).inserted }
    }

    /// `org.addTenant` of `tenant` to an organization whose current members are `members` (they may be empty for a
    /// first tenant): every member and the new tenant learn the full membership afterwards.
    public static func addTenant(_ tenant: Tenant, organization: String?, members: [Tenant]) -> AdminPublication {
        let all = (members.filter { $0.id != tenant.id } + [tenant]).sorted()
        return AdminPublication(action: .orgAddTenant(organizationId: organization, tenant: tenant, tenants: all),
                                keys: members.map(\.id) + [tenant.id])
    }

    /// `org.removeTenant` of `tenantId`, published under every one of `members` and the leaving tenant itself.
    public static func removeTenant(_ tenantId: String, organization: String?, members: [String]) -> AdminPublication {
        AdminPublication(action: .orgRemoveTenant(organizationId: organization, tenantId: tenantId),
                         keys: members + [tenantId])
    }

    /// `config.upsert` of a configuration read from JSON, validated by the domain core before anything is
    /// published: required fields, scope filters (compiled) and mapping expressions (parsed).
    ///
    /// The JSON is the configuration object of `scenario.md`, or a `config.upsert` action object holding it.
    /// Whether the tenants belong to the organization is not checked here (that state lives with the workers).
    /// - Throws: `ChangeDecodingError` whose reason names the field (`configuration.scope.filters[0][1]: …`).
    public static func configUpsert(json bytes: [UInt8]) throws(ChangeDecodingError) -> AdminPublication {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw ChangeDecodingError(.undecodable, "not JSON: \(error)")
        }
        let configuration = value["configuration"] ?? value
        let action = try ChangeCodec.decodeAction(["action": "config.upsert", "configuration": configuration], path: "")
        return AdminPublication(action: action)
    }

    /// The change events to publish, one per key: `"type": "admin"`, no seq, `occurredAt` as given.
    public func events(occurredAt: Date) -> [ChangeEvent] {
        keys.map { ChangeEvent(tenantId: $0, seq: nil, occurredAt: occurredAt, kind: .admin(action)) }
    }

    /// Publishes one record per key and waits for every delivery.
    /// - Returns: the number of records published.
    /// - Throws: the publisher's errors.
    @discardableResult
    public func publish(occurredAt: Date, to publisher: inout some ChangePublisher) throws -> Int {
        let events = events(occurredAt: occurredAt)
        for event in events {
            try publisher.publish(key: Array(event.tenantId.utf8), value: ChangeCodec.encode(event))
        }
        try publisher.flush()
        return events.count
    }
}
