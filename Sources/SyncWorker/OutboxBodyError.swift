/// Why an outbox body could not be read: it was not written by `OutboxBody.encode`, or it was cut short.
public struct OutboxBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset where reading failed.
    public var offset: Int
    /// What was wrong there.
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// One line naming the offset and the problem.
    public var description: String { "outbox body, byte \(offset): \(reason)" }
}
