/// A tenant of a multitenant organization: its id and the default domain used to build guest-style UPNs.
public struct Tenant: Sendable, Hashable, Comparable {
    /// The tenant id (the change feed's `tenantId`).
    public var id: String
    /// The default verified domain, e.g. `fabrikam.com`.
    public var defaultDomain: String

    /// Creates a tenant.
    public init(id: String, defaultDomain: String) {
        self.id = id
        self.defaultDomain = defaultDomain
    }

    /// Tenants sort by id so that every list derived from a set is deterministic.
    public static func < (lhs: Tenant, rhs: Tenant) -> Bool { lhs.id < rhs.id }
}
