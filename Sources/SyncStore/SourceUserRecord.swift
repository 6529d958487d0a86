/// The source mirror of one user: the user as last seen on the change feed of its source tenant.
///
/// The body is encoded by the domain core; the store never looks inside it.
public struct SourceUserRecord: Sendable, Hashable {
    /// The source tenant.
    public var tenant: String
    /// The user's identifier in the source tenant.
    public var userId: String
    /// The encoded user (opaque to the store).
    public var body: [UInt8]

    /// Creates a record.
    public init(tenant: String, userId: String, body: [UInt8]) {
        self.tenant = tenant
        self.userId = userId
        self.body = body
    }

    /// The record's key.
    public var key: TenantScopedId { TenantScopedId(tenant: tenant, id: userId) }
}
