import FastJSON
import Foundation

/// Encodes the state records the store keeps in blob columns, and decodes them back exactly.
///
/// Compact JSON objects; times as seconds since 1970 (JSON doubles round-trip exactly), so a state written and read
/// back decides exactly as the in-memory one. Decoding errors reuse `ChangeDecodingError` (code `invalidField` or
/// `undecodable`), naming the field.
public enum StateRecordCodec {
    // MARK: Source user

    /// Encodes a source user.
    public static func encode(_ u: SourceUser) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.field("tenantId", u.tenantId)
        w.field("id", u.id)
        w.field("isSoftDeleted", u.isSoftDeleted)
        writeProperties(u.properties, to: &w)
        w.endObject()
        return w.bytes
    }

    /// Decodes a source user.
    public static func decodeSourceUser(_ bytes: [UInt8]) throws(ChangeDecodingError) -> SourceUser {
        let r = try reader(bytes)
        return SourceUser(
            tenantId: try r.string("tenantId"), id: try r.string("id"), properties: try readProperties(r),
            isSoftDeleted: try r.optionalBool("isSoftDeleted") ?? false)
    }

    // MARK: Group

    /// Encodes a group.
    public static func encode(_ g: Group) -> [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.field("tenantId", g.tenantId)
        w.field("id", g.id)
        w.field("displayName", g.displayName)
        w.field("securityEnabled", g.securityEnabled)
        w.endObject()
        return w.bytes
    }

    /// Decodes a group.
    public static func decodeGroup(_ bytes: [UInt8]) throws(ChangeDecodingError) -> Group {
        let r = try reader(bytes)
        return Group(
            tenantId: try r.string("tenantId"), id: try r.string("id"), displayName: try r.optionalString("displayName"),
            securityEnabled: try r.optionalBool("securityEnabled") ?? true)
    }

    // MARK: Membership

    /// Encodes a membership (`userId` or `nestedGroupId`, as on the feed).
    public static func encode(_ m: Membership) -> [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.field("tenantId", m.tenantId)
        w.field("groupId", m.groupId)
        switch m.member {
        case .user(let id): w.field("userId", id)
        case .group(let id): w.field("nestedGroupId", id)
        }
        w.field("role", m.role.rawValue)
        w.endObject()
        return w.bytes
    }

    /// Decodes a membership.
    public static func decodeMembership(_ bytes: [UInt8]) throws(ChangeDecodingError) -> Membership {
        let r = try reader(bytes)
        guard let role = MembershipRole(rawValue: try r.string("role")) else { throw r.invalid("role", "expected member or owner") }
        let member: MemberReference
        if let user = try r.optionalString("userId") { member = .user(user) } else { member = .group(try r.string("nestedGroupId")) }
        return Membership(tenantId: try r.string("tenantId"), groupId: try r.string("groupId"), member: member, role: role)
    }

    // MARK: Target user

    /// Encodes a target user.
    public static func encode(_ u: TargetUser) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("id", u.id)
        w.field("targetTenant", u.targetTenant)
        w.key("alternativeSecurityIds")
        w.beginArray()
        w.beginObject()
        w.field("identityProvider", u.anchor.identityProvider)
        w.field("key", u.anchor.key)
        w.endObject()
        w.endArray()
        w.field("isSoftDeleted", u.isSoftDeleted)
        w.key("softDeletedAt")
        if let at = u.softDeletedAt { w.double(at.timeIntervalSince1970) } else { w.null() }
        if !u.isManaged { w.field("managed", false) }
        writeProperties(u.properties, to: &w)
        w.endObject()
        return w.bytes
    }

    /// Decodes a target user.
    public static func decodeTargetUser(_ bytes: [UInt8]) throws(ChangeDecodingError) -> TargetUser {
        let r = try reader(bytes)
        let ids = try r.array("alternativeSecurityIds")
        guard let first = ids.first else { throw r.invalid("alternativeSecurityIds", "empty") }
        let anchor = try FieldReader(first, path: "alternativeSecurityIds[0]")
        return TargetUser(
            id: try r.string("id"), targetTenant: try r.string("targetTenant"),
            anchor: SourceAnchor(identityProvider: try anchor.string("identityProvider"), key: try anchor.string("key")),
            properties: try readProperties(r), isSoftDeleted: try r.optionalBool("isSoftDeleted") ?? false,
            softDeletedAt: try r.optionalDouble("softDeletedAt").map { Date(timeIntervalSince1970: $0) },
            isManaged: try r.optionalBool("managed") ?? true)
    }

    // MARK: Tenant state

    /// Encodes a tenant state: organization view, configurations, thresholds, shared groups, last seq.
    public static func encode(_ t: TenantState) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.field("tenantId", t.tenantId)
        w.field("organizationId", t.organizationId)
        w.key("members")
        w.beginArray()
        for m in t.members {
            w.beginObject()
            w.field("id", m.id)
            w.field("defaultDomain", m.defaultDomain)
            w.endObject()
        }
        w.endArray()
        w.key("configurations")
        w.beginArray()
        for id in t.configurations.keys.sorted() {
            if let c = t.configurations[id] { ConfigurationCodec.encode(c, to: &w) }
        }
        w.endArray()
        w.key("thresholds")
        w.beginObject()
        for id in t.thresholds.keys.sorted() {
            guard let d = t.thresholds[id] else { continue }
            w.key(id)
            w.beginObject()
            w.key("recent")
            w.beginArray()
            for at in d.recent { w.double(at.timeIntervalSince1970) }
            w.endArray()
            w.field("isQuarantined", d.isQuarantined)
            w.field("reason", d.reason)
            w.field("held", strings: d.held.sorted())
            w.endObject()
        }
        w.endObject()
        w.key("sharedGroups")
        if let groups = t.sharedGroups {
            w.beginArray()
            for g in groups { w.string(g) }
            w.endArray()
        } else {
            w.null()
        }
        w.key("lastSeq")
        if let seq = t.lastSeq { w.int(seq) } else { w.null() }
        w.endObject()
        return w.bytes
    }

    /// Decodes a tenant state.
    public static func decodeTenantState(_ bytes: [UInt8]) throws(ChangeDecodingError) -> TenantState {
        let r = try reader(bytes)
        var members: [Tenant] = []
        for (i, v) in (try r.optionalArray("members") ?? []).enumerated() {
            let m = try FieldReader(v, path: "members[\(i)]")
            members.append(Tenant(id: try m.string("id"), defaultDomain: try m.string("defaultDomain")))
        }
        var configurations: [String: Configuration] = [:]
        for (i, v) in (try r.optionalArray("configurations") ?? []).enumerated() {
            let c = try ConfigurationCodec.decode(FieldReader(v, path: "configurations[\(i)]"))
            configurations[c.id] = c
        }
        var thresholds: [String: DeletionThreshold] = [:]
        if r.value("thresholds") != nil {
            let all = try r.object("thresholds")
            for (id, _) in all.object {
                let d = try all.object(id)
                let recent = try d.optionalArray("recent") ?? []
                var dates: [Date] = []
                for (i, v) in recent.enumerated() {
                    guard let s = v.double else { throw d.invalid("recent[\(i)]", "expected a number") }
                    dates.append(Date(timeIntervalSince1970: s))
                }
                thresholds[id] = DeletionThreshold(
                    recent: dates, isQuarantined: try d.optionalBool("isQuarantined") ?? false,
                    reason: try d.optionalString("reason"), held: Set(try d.optionalStrings("held") ?? []))
            }
        }
        return TenantState(
            tenantId: try r.string("tenantId"), organizationId: try r.optionalString("organizationId"), members: members,
            configurations: configurations, thresholds: thresholds,
            sharedGroups: r.value("sharedGroups") == nil ? nil : try r.array("sharedGroups").compactMap(\.string),
            lastSeq: try r.optionalInt64("lastSeq"))
    }

    // MARK: Helpers

    private static func reader(_ bytes: [UInt8]) throws(ChangeDecodingError) -> FieldReader {
        do {
            return try FieldReader(try JSONValue(parsing: bytes), path: "")
        } catch let error as ChangeDecodingError {
            throw error
        } catch {
            throw ChangeDecodingError(.undecodable, "not JSON: \(error)")
        }
    }

    private static func writeProperties(_ properties: [String: PropertyValue], to w: inout JSONWriter) {
        w.key("properties")
        w.beginObject()
        for key in properties.keys.sorted() {
            w.key(key)
            (properties[key] ?? .null).write(to: &w)
        }
        w.endObject()
    }

    private static func readProperties(_ r: FieldReader) throws(ChangeDecodingError) -> [String: PropertyValue] {
        guard r.value("properties") != nil else { return [:] }
        var result: [String: PropertyValue] = [:]
        for (key, value) in try r.object("properties").object {
            if let p = PropertyValue(json: value), !p.isNull { result[key] = p }
        }
        return result
    }
}
