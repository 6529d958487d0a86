/// A parsed mapping expression with its text (the text is what configurations store and compare).
///
/// This file is the only place the mapping layer touches the expression language, so its API can move freely.
public struct MappingExpression: Sendable, Hashable {
    /// The expression as written.
    public let text: String
    private let parsed: Expression

    /// Parses the text.
    /// - Throws: `ExpressionError` with the column of the syntax error.
    public init(_ text: String) throws(ExpressionError) {
        self.text = text
        self.parsed = try Expression.parse(text)
    }

    /// Evaluates against the source user's properties.
    func evaluate(_ attribute: (String) -> PropertyValue) -> PropertyValue { parsed.evaluate(attribute) }

    /// Equality and hashing follow the text: the same text parses to the same expression.
    public static func == (lhs: MappingExpression, rhs: MappingExpression) -> Bool { lhs.text == rhs.text }

    /// Hashes the text.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
