/// One clause of an attribute scoping filter as written in a configuration: attribute, operator name, value.
///
/// Kept as written (not compiled) so configurations compare, encode and print exactly as the admin gave them.
public struct FilterClause: Sendable, Hashable {
    /// The source attribute.
    public var attribute: String
    /// The operator, as written (`EQUALS`, `IS NULL`, `REGEX MATCH`, …).
    public var operatorName: String
    /// The comparison value; nil for unary operators.
    public var value: String?

    /// Creates a clause.
    public init(attribute: String, operatorName: String, value: String? = nil) {
        self.attribute = attribute
        self.operatorName = operatorName
        self.value = value
    }
}
