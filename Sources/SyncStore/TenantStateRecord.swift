/// Per source tenant: its organization view, configurations and threshold state (encoded by the domain core in
/// `body`), and the last change `seq` applied from it.
public struct TenantStateRecord: Sendable, Hashable {
    /// The source tenant.
    public var tenant: String
    /// The `seq` of the last change applied from this tenant: a change with a `seq` not above it was applied already.
    public var lastSeq: Int64
    /// The encoded state (opaque to the store).
    public var body: [UInt8]

    /// Creates a record.
    public init(tenant: String, lastSeq: Int64, body: [UInt8]) {
        self.tenant = tenant
        self.lastSeq = lastSeq
        self.body = body
    }
}
