import FastJSON
import Foundation

/// Reads a scenario file and validates it, naming the step and field of the first problem.
public enum ScenarioCodec {
    /// Decodes a scenario.
    /// - Throws: `ChangeDecodingError` whose reason names the step and field, e.g. `steps[3].change.user.id: missing`.
    public static func decode(_ bytes: [UInt8]) throws(ChangeDecodingError) -> Scenario {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw ChangeDecodingError(.undecodable, "scenario: not JSON: \(error)")
        }
        let root = try FieldReader(value, path: "")
        var organizations: [Scenario.Organization] = []
        if let list = try root.optionalArray("organizations") {
            for (i, v) in list.enumerated() {
                let o = try FieldReader(v, path: "organizations[\(i)]")
                organizations.append(Scenario.Organization(id: try o.string("id"), tenants: try tenants(o, "tenants")))
            }
        } else {
            organizations = [Scenario.Organization(id: "default", tenants: try tenants(root, "tenants"))]
        }
        var seen: [String: String] = [:]
        for organization in organizations {
            for tenant in organization.tenants {
                if let other = seen.updateValue(organization.id, forKey: tenant.id) {
                    throw ChangeDecodingError(.invalidField, "tenants: '\(tenant.id)' is in organizations '\(other)' and '\(organization.id)'; a tenant belongs to at most one")
                }
            }
        }

        var targetUsers: [TargetUser] = []
        if root.value("targets") != nil {
            let targets = try root.object("targets")
            for (tenant, _) in targets.object {
                let users = try targets.object(tenant).optionalArray("users") ?? []
                for (i, user) in users.enumerated() {
                    targetUsers.append(try ResultSnapshot.decodeUser(user, targetTenant: tenant, path: "targets.\(tenant).users[\(i)]"))
                }
            }
        }
        targetUsers.sort { $0.key < $1.key }

        var members: [String: [Tenant]] = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id, $0.tenants) })
        var records: [ChangeEvent] = []
        for organization in organizations {
            for tenant in organization.tenants {
                records.append(ChangeEvent(
                    tenantId: tenant.id, seq: nil, occurredAt: Scenario.baseTime,
                    kind: .admin(.orgCreate(organizationId: organization.id, tenants: organization.tenants))))
            }
        }
        // A step without occurredAt (every admin step) happens one second after the latest step before it: time
        // never runs backwards behind an explicit occurredAt, which restore windows and thresholds measure by.
        var clock = Scenario.baseTime
        for (i, step) in try root.array("steps").enumerated() {
            let s = try FieldReader(step, path: "steps[\(i)]")
            let at = clock.addingTimeInterval(1)
            if let change = s.value("change") {
                do {
                    let decoded = try ChangeCodec.decode(change, defaults: .init(occurredAt: at))
                    clock = max(clock, decoded.occurredAt)
                    records.append(decoded)
                } catch {
                    throw ChangeDecodingError(error.code, "steps[\(i)].change.\(error.reason)")
                }
                continue
            }
            clock = at
            guard let admin = s.value("admin") else { throw s.invalid("change", "missing (a step is {\"admin\": …} or {\"change\": …})") }
            let action = try ChangeCodec.decodeAction(admin, path: "steps[\(i)].admin")
            switch action {
            case .orgCreate(let org, let tenants):
                for (j, tenant) in tenants.enumerated() {
                    try requireNoOtherOrganization(tenant.id, joining: org, members, field: "steps[\(i)].admin.tenants[\(j)].id")
                }
                members[org] = tenants
                for tenant in tenants { records.append(ChangeEvent(tenantId: tenant.id, seq: nil, occurredAt: at, kind: .admin(action))) }
            case .orgAddTenant(let org, let added, _):
                let id = try organization(org, containing: nil, members, step: i)
                try requireNoOtherOrganization(added.id, joining: id, members, field: "steps[\(i)].admin.tenant.id")
                let after = (members[id, default: []].filter { $0.id != added.id } + [added]).sorted()
                members[id] = after
                for tenant in after {
                    records.append(ChangeEvent(
                        tenantId: tenant.id, seq: nil, occurredAt: at, kind: .admin(.orgAddTenant(organizationId: id, tenant: added, tenants: after))))
                }
            case .orgRemoveTenant(let org, let removed):
                let id = try organization(org, containing: removed, members, step: i)
                for tenant in members[id, default: []] {
                    records.append(ChangeEvent(tenantId: tenant.id, seq: nil, occurredAt: at, kind: .admin(.orgRemoveTenant(organizationId: id, tenantId: removed))))
                }
                members[id]?.removeAll { $0.id == removed }
            default:
                guard let source = action.sourceTenant else { continue }
                records.append(ChangeEvent(tenantId: source, seq: nil, occurredAt: at, kind: .admin(action)))
            }
        }
        return Scenario(organizations: organizations, targetUsers: targetUsers, records: records)
    }

    private static func tenants(_ r: FieldReader, _ field: String) throws(ChangeDecodingError) -> [Tenant] {
        var result: [Tenant] = []
        for (i, v) in try r.array(field).enumerated() {
            let t = try FieldReader(v, path: r.name("\(field)[\(i)]"))
            result.append(Tenant(id: try t.string("id"), defaultDomain: try t.string("defaultDomain")))
        }
        return result
    }

    /// A tenant belongs to at most one organization. Only the joining tenant's own partition knows where it
    /// belongs, so the workers of the other members would accept it and share into another organization: a
    /// scenario that makes a tenant join a second organization is refused here.
    private static func requireNoOtherOrganization(_ tenant: String, joining org: String, _ members: [String: [Tenant]],
                                                   field: String) throws(ChangeDecodingError) {
        guard let other = members.first(where: { $0.key != org && $0.value.contains { $0.id == tenant } })?.key else { return }
        throw ChangeDecodingError(.invalidField, "\(field): '\(tenant)' already belongs to organization '\(other)'; a tenant belongs to at most one")
    }

    /// The organization an `org.*` step means: the one it names, the one holding `tenant`, or the only one.
    private static func organization(_ named: String?, containing tenant: String?, _ members: [String: [Tenant]], step: Int) throws(ChangeDecodingError) -> String {
        if let named {
            guard members[named] != nil else {
                throw ChangeDecodingError(.invalidField, "steps[\(step)].admin.organizationId: unknown organization '\(named)'")
            }
            return named
        }
        if let tenant, let found = members.first(where: { $0.value.contains { $0.id == tenant } })?.key { return found }
        if members.count == 1, let only = members.keys.first { return only }
        throw ChangeDecodingError(.invalidField, "steps[\(step)].admin.organizationId: missing (the scenario has several organizations)")
    }
}
