import FastJSON
import Foundation

/// Decodes and validates change events (`change-event.md`, admin actions of `scenario.md`), and encodes them.
public enum ChangeCodec {
    /// The schema name every change event carries.
    public static let schema = "tenantsync.change.v1"

    /// Lenient defaults for scenario steps, where `schema` and `occurredAt` may be omitted.
    public struct Defaults: Sendable, Hashable {
        /// The time used when `occurredAt` is absent.
        public var occurredAt: Date
        /// Creates defaults.
        public init(occurredAt: Date) { self.occurredAt = occurredAt }
    }

    /// Decodes one change event from its bytes.
    /// - Parameters:
    ///   - bytes: the record value (or one `.jsonl` line).
    ///   - defaults: when given, `schema` and `occurredAt` may be absent (scenario steps); on a topic pass nil.
    /// - Throws: `ChangeDecodingError` naming the field, with the dead-letter code.
    public static func decode(_ bytes: [UInt8], defaults: Defaults? = nil) throws(ChangeDecodingError) -> ChangeEvent {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw ChangeDecodingError(.undecodable, "not JSON: \(error)")
        }
        return try decode(value, defaults: defaults)
    }

    /// Decodes one change event from a parsed JSON value (see `decode(_:defaults:)`).
    public static func decode(_ value: JSONValue, defaults: Defaults? = nil) throws(ChangeDecodingError) -> ChangeEvent {
        guard case .object(let object) = value else { throw ChangeDecodingError(.undecodable, "record: expected a JSON object") }
        let r = FieldReader(object)
        switch r.value("schema") {
        case .string(schema)?: break
        case nil where defaults != nil: break
        default: throw ChangeDecodingError(.unknownSchema, "schema: expected \(schema)")
        }
        let tenant = try r.string("tenantId")
        let type = try r.string("type")
        let occurredAt: Date
        if let text = try r.optionalString("occurredAt") {
            guard let date = Timestamp.parse(text) else { throw r.invalid("occurredAt", "expected an RFC 3339 time, got '\(text)'") }
            occurredAt = date
        } else if let defaults {
            occurredAt = defaults.occurredAt
        } else {
            throw r.invalid("occurredAt", "missing")
        }
        let kind = try decodeKind(type, r)
        var seq: Int64? = nil
        if case .admin = kind { seq = try r.optionalInt64("seq") } else { seq = try r.int64("seq") }
        if let seq, seq < 0 { throw r.invalid("seq", "must not be negative") }
        return ChangeEvent(tenantId: tenant, seq: seq, occurredAt: occurredAt, kind: kind)
    }

    private static func decodeKind(_ type: String, _ r: FieldReader) throws(ChangeDecodingError) -> ChangeKind {
        switch type {
        case "user.upserted":
            let user = try r.object("user")
            let id = try user.string("id")
            var properties: [String: PropertyValue] = [:]
            for (key, value) in user.object where key != "id" {
                if let property = PropertyValue(json: value), !property.isNull { properties[key] = property }
            }
            if let userType = properties["userType"], userType != .string("Member"), userType != .string("Guest") {
                throw user.invalid("userType", "expected Member or Guest")
            }
            for flag in ["accountEnabled", "showInAddressList"] where properties[flag] != nil && properties[flag]?.isBool != true {
                throw user.invalid(flag, "expected true or false")
            }
            return .userUpserted(id: id, properties: properties)
        case "user.deleted": return .userDeleted(userId: try r.string("userId"), hard: try r.optionalBool("hard") ?? false)
        case "user.restored": return .userRestored(userId: try r.string("userId"))
        case "group.upserted":
            let group = try r.object("group")
            return .groupUpserted(
                id: try group.string("id"), displayName: try group.optionalString("displayName"),
                securityEnabled: try group.optionalBool("securityEnabled") ?? true)
        case "group.deleted": return .groupDeleted(groupId: try r.string("groupId"))
        case "group.member.added", "group.member.removed":
            let groupId = try r.string("groupId")
            let role: MembershipRole
            switch try r.string("role") {
            case "member": role = .member
            case "owner": role = .owner
            case let other: throw r.invalid("role", "expected member or owner, got '\(other)'")
            }
            let member: MemberReference
            switch (try r.optionalString("userId"), try r.optionalString("nestedGroupId")) {
            case (let user?, nil) where !user.isEmpty: member = .user(user)
            case (nil, let group?) where !group.isEmpty: member = .group(group)
            case (nil, nil): throw r.invalid("userId", "missing (give userId or nestedGroupId)")
            default: throw r.invalid("userId", "give either userId or nestedGroupId, not both")
            }
            let change = MembershipChange(groupId: groupId, member: member, role: role)
            return type == "group.member.added" ? .memberAdded(change) : .memberRemoved(change)
        case "admin":
            return .admin(try decodeAction(r.object("action")))
        default:
            throw ChangeDecodingError(.unknownType, "type: unknown '\(type)'")
        }
    }

    /// Decodes an admin action object (`{"action": "share.users", "sourceTenant": …}`), as in a scenario's `admin` step.
    public static func decodeAction(_ value: JSONValue, path: String = "action") throws(ChangeDecodingError) -> AdminAction {
        try decodeAction(FieldReader(value, path: path))
    }

    private static func decodeAction(_ a: FieldReader) throws(ChangeDecodingError) -> AdminAction {
        func tenant(_ r: FieldReader) throws(ChangeDecodingError) -> Tenant {
            Tenant(id: try r.string("id"), defaultDomain: try r.string("defaultDomain"))
        }
        func tenants(_ field: String) throws(ChangeDecodingError) -> [Tenant]? {
            guard let list = try a.optionalArray(field) else { return nil }
            var result: [Tenant] = []
            for (i, v) in list.enumerated() { result.append(try tenant(FieldReader(v, path: a.name("\(field)[\(i)]")))) }
            return result
        }
        let name = try a.string("action")
        switch name {
        case "org.create":
            guard let list = try tenants("tenants") else { throw a.invalid("tenants", "missing") }
            return .orgCreate(organizationId: try a.optionalString("organizationId") ?? "default", tenants: list)
        case "org.addTenant":
            return .orgAddTenant(organizationId: try a.optionalString("organizationId"), tenant: try tenant(a.object("tenant")), tenants: try tenants("tenants"))
        case "org.removeTenant":
            return .orgRemoveTenant(organizationId: try a.optionalString("organizationId"), tenantId: try a.string("tenantId"))
        case "share.users": return .shareUsers(sourceTenant: try a.string("sourceTenant"), groups: try a.strings("groups"))
        case "share.currentScope": return .shareCurrentScope(sourceTenant: try a.string("sourceTenant"))
        case "share.edit": return .shareEdit(sourceTenant: try a.string("sourceTenant"), groups: try a.strings("groups"))
        case "config.upsert": return .configUpsert(try ConfigurationCodec.decode(a.object("configuration")))
        case "config.delete":
            return .configDelete(sourceTenant: try a.string("sourceTenant"), configurationId: try a.string("configurationId"))
        case "config.allowDeletes":
            return .configAllowDeletes(sourceTenant: try a.string("sourceTenant"), configurationId: try a.string("configurationId"))
        case "provision.user":
            let target = try a.optionalString("targetTenant")
            if target?.isEmpty == true { throw a.invalid("targetTenant", "empty (omit it to provision to every target)") }
            return .provisionUser(sourceTenant: try a.string("sourceTenant"), userId: try a.string("userId"), targetTenant: target)
        default:
            throw ChangeDecodingError(.unknownType, "\(a.name("action")): unknown '\(name)'")
        }
    }

    /// Encodes a change event (schema, tenantId, seq, occurredAt, type, payload) as compact JSON.
    public static func encode(_ change: ChangeEvent) -> [UInt8] {
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.field("schema", schema)
        w.field("tenantId", change.tenantId)
        if let seq = change.seq {
            w.key("seq")
            w.int(seq)
        }
        w.field("occurredAt", Timestamp.format(change.occurredAt))
        w.field("type", change.kind.typeName)
        switch change.kind {
        case .userUpserted(let id, let properties):
            w.key("user")
            w.beginObject()
            w.field("id", id)
            for key in properties.keys.sorted() {
                w.key(key)
                (properties[key] ?? .null).write(to: &w)
            }
            w.endObject()
        case .userDeleted(let id, let hard):
            w.field("userId", id)
            if hard { w.field("hard", true) }
        case .userRestored(let id): w.field("userId", id)
        case .groupUpserted(let id, let name, let security):
            w.key("group")
            w.beginObject()
            w.field("id", id)
            w.field("displayName", name)
            w.field("securityEnabled", security)
            w.endObject()
        case .groupDeleted(let id): w.field("groupId", id)
        case .memberAdded(let m), .memberRemoved(let m):
            w.field("groupId", m.groupId)
            switch m.member {
            case .user(let id): w.field("userId", id)
            case .group(let id): w.field("nestedGroupId", id)
            }
            w.field("role", m.role.rawValue)
        case .admin(let action):
            w.key("action")
            encode(action, to: &w)
        }
        w.endObject()
        return w.bytes
    }

    /// Writes an admin action object.
    static func encode(_ action: AdminAction, to w: inout JSONWriter) {
        func tenant(_ t: Tenant) {
            w.beginObject()
            w.field("id", t.id)
            w.field("defaultDomain", t.defaultDomain)
            w.endObject()
        }
        w.beginObject()
        w.field("action", action.name)
        switch action {
        case .orgCreate(let org, let tenants):
            w.field("organizationId", org)
            w.key("tenants")
            w.beginArray()
            for t in tenants { tenant(t) }
            w.endArray()
        case .orgAddTenant(let org, let added, let all):
            if let org { w.field("organizationId", org) }
            w.key("tenant")
            tenant(added)
            if let all {
                w.key("tenants")
                w.beginArray()
                for t in all { tenant(t) }
                w.endArray()
            }
        case .orgRemoveTenant(let org, let id):
            if let org { w.field("organizationId", org) }
            w.field("tenantId", id)
        case .shareUsers(let s, let groups), .shareEdit(let s, let groups):
            w.field("sourceTenant", s)
            w.field("groups", strings: groups)
        case .shareCurrentScope(let s): w.field("sourceTenant", s)
        case .configUpsert(let c):
            w.key("configuration")
            ConfigurationCodec.encode(c, to: &w)
        case .configDelete(let s, let id), .configAllowDeletes(let s, let id):
            w.field("sourceTenant", s)
            w.field("configurationId", id)
        case .provisionUser(let s, let user, let target):
            w.field("sourceTenant", s)
            w.field("userId", user)
            if let target { w.field("targetTenant", target) }
        }
        w.endObject()
    }
}

extension PropertyValue {
    /// Whether the value is a boolean.
    var isBool: Bool { if case .bool = self { true } else { false } }
}
