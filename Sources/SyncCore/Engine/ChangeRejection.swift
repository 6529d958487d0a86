/// Why the engine refuses a change: the worker sends the record to the dead-letter topic with this reason.
///
/// Rejections are about the input (a tenant outside every organization, an admin action naming an unknown
/// configuration); the state is left unchanged.
public struct ChangeRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The dead-letter code (`tenantsync.dlq.code`).
    public enum Code: String, Sendable, Hashable {
        /// A data change from a tenant that belongs to no organization.
        case tenantOutsideOrganization
        /// An admin action that fails validation against the state.
        case invalidAdminAction
    }

    /// The dead-letter code.
    public var code: Code
    /// The reason, naming the field: e.g. `tenantId: 'contoso' belongs to no organization`.
    public var reason: String

    /// Creates a rejection.
    public init(_ reason: String, code: Code = .invalidAdminAction) {
        self.reason = reason
        self.code = code
    }

    /// The reason.
    public var description: String { reason }
}
