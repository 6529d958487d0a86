/// A runtime failure of an ops command (exit 1): an unreachable broker, a missing topic.
public struct OpsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for a person.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}
