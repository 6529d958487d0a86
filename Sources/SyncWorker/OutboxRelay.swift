import SyncStore

/// Publishes the store's outbox rows and deletes each row once its messages are delivered.
///
/// A row whose publishing fails stays in the outbox for the next `relay` call; so does every later row (rows are
/// published oldest first, keeping the log in commit order). Not thread-safe: it shares the applier's store and thread.
public final class OutboxRelay {
    /// The store whose outbox is relayed.
    public let store: any DirectoryStore
    /// Where the messages go.
    public let publisher: any OutboxPublisher
    /// Rows read per store call.
    public let rowsPerRead: Int

    /// Creates a relay.
    /// - Parameters:
    ///   - store: usually the applier's store (`BatchApplier.store`).
    ///   - publisher: delivers the messages.
    ///   - rowsPerRead: outbox rows read at once (default 16).
    public init(store: any DirectoryStore, publisher: any OutboxPublisher, rowsPerRead: Int = 16) {
        self.store = store
        self.publisher = publisher
        self.rowsPerRead = max(1, rowsPerRead)
    }

    /// What one `relay` call did.
    public struct Result: Sendable, Hashable {
        /// Rows published and deleted.
        public var rows = 0
        /// Messages delivered.
        public var messages = 0
        /// Creates a result.
        public init(rows: Int = 0, messages: Int = 0) {
            self.rows = rows
            self.messages = messages
        }
    }

    /// Publishes every pending row, oldest first, deleting each after its delivery.
    /// - Throws: the publisher's error (the failed row and later ones stay), `StoreError`, or `OutboxBodyError` for
    ///   a row that cannot be read (it stays too: it needs a person).
    @discardableResult
    public func relay() throws -> Result {
        var result = Result()
        while true {
            let rows = try store.pendingOutbox(limit: rowsPerRead)
            for row in rows {
                let messages = try OutboxBody.decode(row.body)
                if !messages.isEmpty { try publisher.publish(messages) }
                try store.deleteOutbox(ids: [row.id])
                result.rows += 1
                result.messages += messages.count
            }
            if rows.count < rowsPerRead { return result }
        }
    }
}
