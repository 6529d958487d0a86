/// A syntax error in an attribute-mapping expression, with the column where it is.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column (in characters) of the expression text where the problem is; one past the end for an
    /// expression that stops too early.
    public var column: Int
    /// What is wrong, e.g. `unknown function 'Lowr'`, `ToLower expects 1 argument, got 2`, `unterminated string`.
    public var message: String

    /// Creates an error at a 1-based column.
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// `column 7: unknown function 'Lowr'`.
    public var description: String { "column \(column): \(message)" }
}
