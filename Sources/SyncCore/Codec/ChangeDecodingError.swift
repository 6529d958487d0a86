/// Why bytes are not a valid change event: the worker dead-letters the record with `code` and `reason`.
public struct ChangeDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The dead-letter code (`tenantsync.dlq.code`).
    public enum Code: String, Sendable, Hashable {
        /// Not JSON, or not a JSON object.
        case undecodable
        /// `schema` is not `tenantsync.change.v1`.
        case unknownSchema
        /// `type` (or an admin `action`) is not one of the contract's.
        case unknownType
        /// A required field is missing or has the wrong type or value.
        case invalidField
    }

    /// The dead-letter code.
    public var code: Code
    /// One line naming the field: `user.id: missing`, `seq: expected an integer`.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
