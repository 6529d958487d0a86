import FastJSON

/// Renders target users and configurations in the shape of `simulate`'s result (`scenario.md`).
///
/// Takes plain sequences so the same printer serves the reference model (`DirectoryState`) and a store read back,
/// which is what lets the fleet test and `simulate` compare the two byte for byte.
public enum ResultSnapshot {
    /// `{"<target>": {"users": [...]}}`: users sorted by userPrincipalName (then id), every default synced property
    /// present (null when the source has none), plus any other mapped property, `isSoftDeleted`, and the anchor.
    public static func targets(_ users: some Sequence<TargetUser>) -> JSONValue {
        let byTenant = Dictionary(grouping: users, by: \.targetTenant)
        var tenants: [(String, JSONValue)] = []
        for tenant in byTenant.keys.sorted() {
            let sorted = (byTenant[tenant] ?? []).sorted {
                let a = $0[property: "userPrincipalName"].stringValue ?? "", b = $1[property: "userPrincipalName"].stringValue ?? ""
                return a != b ? a < b : $0.id < $1.id
            }
            tenants.append((tenant, .object(JSONObject([("users", .array(sorted.map(user)))]))))
        }
        return .object(JSONObject(tenants))
    }

    /// One target user as a JSON object, keys sorted (the result is compared after `jq -S`).
    public static func user(_ u: TargetUser) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for name in SyncedProperties.defaults { fields[name] = .null }
        for (name, value) in u.properties { fields[name] = json(value) }
        fields["id"] = .string(u.id)
        fields["isSoftDeleted"] = .bool(u.isSoftDeleted)
        fields["alternativeSecurityIds"] = .array([
            .object(JSONObject([("identityProvider", .string(u.anchor.identityProvider)), ("key", .string(u.anchor.key))]))
        ])
        return .object(JSONObject(fields.keys.sorted().map { ($0, fields[$0] ?? .null) }))
    }

    /// Reads a target user in the flat shape of `user(_:)` and of a scenario's `targets.<tenant>.users[i]`
    /// (properties at the top level, `alternativeSecurityIds` naming the source anchor).
    /// - Throws: `ChangeDecodingError` naming the field under `path`.
    /// - Parameter isManaged: false for a user that exists before TenantSync runs (a scenario's `targets`), which
    ///   TenantSync manages only once it matches it in scope.
    public static func decodeUser(_ value: JSONValue, targetTenant: String, path: String = "user",
                                  isManaged: Bool = false) throws(ChangeDecodingError) -> TargetUser {
        let r = try FieldReader(value, path: path)
        let ids = try r.array("alternativeSecurityIds")
        guard let first = ids.first else { throw r.invalid("alternativeSecurityIds", "empty: a target user needs a source anchor") }
        let anchor = try FieldReader(first, path: r.name("alternativeSecurityIds[0]"))
        var properties: [String: PropertyValue] = [:]
        for (key, v) in r.object where !["id", "alternativeSecurityIds", "isSoftDeleted", "softDeletedAt"].contains(key) {
            if let p = PropertyValue(json: v), !p.isNull { properties[key] = p }
        }
        return TargetUser(
            id: try r.string("id"), targetTenant: targetTenant,
            anchor: SourceAnchor(identityProvider: try anchor.string("identityProvider"), key: try anchor.string("key")),
            properties: properties, isSoftDeleted: try r.optionalBool("isSoftDeleted") ?? false, isManaged: isManaged)
    }

    /// `[{"id", "sourceTenant", "targetTenant", "state"}]` for every configuration, sorted by (source, id);
    /// `state` is `active` or `quarantined`.
    public static func configurations(_ tenants: some Sequence<TenantState>) -> JSONValue {
        var rows: [(String, String, JSONValue)] = []
        for tenant in tenants {
            for configuration in tenant.configurations.values {
                let quarantined = tenant.threshold(configuration.id).isQuarantined
                rows.append((tenant.tenantId, configuration.id, .object(JSONObject([
                    ("id", .string(configuration.id)), ("sourceTenant", .string(configuration.sourceTenant)),
                    ("targetTenant", .string(configuration.targetTenant)), ("state", .string(quarantined ? "quarantined" : "active")),
                ]))))
            }
        }
        return .array(rows.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2))
    }

    /// A property value as JSON; integral numbers as integers.
    public static func json(_ value: PropertyValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .number(let n): n.rounded() == n && abs(n) < 9.0e15 ? .int(Int64(n)) : .double(n)
        }
    }
}
