/// A scoping filter clause as read from a configuration, before validation by ``ScopingFilters/compile(_:)``.
public struct RawScopingClause: Sendable, Hashable, CustomStringConvertible {
    /// The attribute name as written.
    public var attribute: String
    /// The operator name as written (see ``ScopingOperator/init(parsing:)``).
    public var operatorName: String
    /// The value as written; nil when absent.
    public var value: String?

    /// Creates a raw clause.
    public init(attribute: String, operatorName: String, value: String?) {
        self.attribute = attribute
        self.operatorName = operatorName
        self.value = value
    }

    /// The clause as written, e.g. `department REGEX MATCH '[a'`.
    public var description: String {
        if let value { "\(attribute) \(operatorName) '\(value)'" } else { "\(attribute) \(operatorName)" }
    }
}
