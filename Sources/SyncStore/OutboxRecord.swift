/// One batch's provisioning-log entries, written in the batch's transaction and deleted once published.
public struct OutboxRecord: Sendable, Hashable {
    /// Assigned by the store, increasing in commit order within one store.
    public var id: Int64
    /// The batch's encoded log entries (opaque to the store).
    public var body: [UInt8]

    /// Creates a record.
    public init(id: Int64, body: [UInt8]) {
        self.id = id
        self.body = body
    }
}
