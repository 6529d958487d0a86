/// One validated clause of an attribute scoping filter: `attribute operator value`.
public struct ScopingClause: Sendable, Hashable, CustomStringConvertible {
    /// The attribute name as written in the configuration (names are case-insensitive).
    public var attribute: String
    /// The operator.
    public var op: ScopingOperator
    /// The value to compare with; nil for the unary operators.
    public var value: String?

    /// Creates a clause. ``ScopingFilters/compile(_:)`` validates clauses; this initializer does not.
    public init(attribute: String, op: ScopingOperator, value: String?) {
        self.attribute = attribute
        self.op = op
        self.value = value
    }

    /// The clause as a person reads it, e.g. `department EQUALS 'R&D'` or `accountEnabled IS TRUE`.
    public var description: String {
        if let value { "\(attribute) \(op.rawValue) '\(value)'" } else { "\(attribute) \(op.rawValue)" }
    }
}
