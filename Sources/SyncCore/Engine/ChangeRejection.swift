/// Why the engine refuses a change: the worker sends the record to the dead-letter topic with this reason.
///
/// Rejections are about the input (a tenant outside every organization, an admin action naming an unknown
/// configuration); the state is left unchanged.
public struct ChangeRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, naming the field: e.g. `tenantId: 'contoso' belongs to no organization`.
    public var reason: String

    /// Creates a rejection.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
