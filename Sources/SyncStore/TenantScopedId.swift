/// The key of a record that lives inside one tenant: a source user or group, or a target user (`tenant` is then
/// the target tenant).
public struct TenantScopedId: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The tenant the record belongs to.
    public var tenant: String
    /// The record's identifier inside that tenant.
    public var id: String

    /// Creates a key.
    public init(tenant: String, id: String) {
        self.tenant = tenant
        self.id = id
    }

    /// Orders by tenant, then by identifier.
    public static func < (a: TenantScopedId, b: TenantScopedId) -> Bool {
        (a.tenant, a.id) < (b.tenant, b.id)
    }

    /// `tenant/id`.
    public var description: String { "\(tenant)/\(id)" }
}
